"""E-mails 035-046 (RFC 5322; some multipart/alternative with HTML, some with a text attachment)."""
from gen_blind import D, nir

N36 = nir("2 44 03 40 088 415")
N41 = nir("1 53 10 40 046 267")

DOCS = [
D("035_mail_ide_medecin_plaie", "nurse", "mail",
  subject="Mme Lartigue - plaie jambe gauche qui ne cicatrise pas",
  from_="paul.girard@infirmier.mssante.fr", to=["antoine.bernard@medecin.mssante.fr"],
  date="Tue, 03 Nov 2026 18:42:10 +0100", html=True,
  body="""Bonjour Docteur,

Je passe chez Mme Simone Lartigue (née le 12/05/1940) tous les deux jours pour le pansement de son ulcère veineux de la jambe gauche.
Depuis une semaine la plaie s'agrandit (5 x 4 cm contre 3 x 3 cm), fond fibrineux, bords rouges et chauds, odeur. Elle a eu 38,1 °C hier soir.
Elle est sous Préviscan 1 cp le soir, dernier INR à 3,4 le 30/10.
Pourriez-vous passer la voir ou me prescrire un prélèvement bactériologique ?

Je joins les photos au dossier partagé.

Bien cordialement,
Paul Girard, IDE libéral
3 avenue des Landes, 40100 Dax — 06 71 42 18 55""",
  m=[
    ("person_name", "Lartigue"),
    ("person_name", "Simone Lartigue"),
    ("birth_date", "12/05/1940"),
    ("procedure", "pansement de son ulcère veineux de la jambe gauche"),
    ("clinical_finding", "la plaie s'agrandit (5 x 4 cm contre 3 x 3 cm)"),
    ("clinical_finding", "fond fibrineux, bords rouges et chauds, odeur"),
    ("clinical_finding", "38,1 °C"),
    ("medication", "Préviscan 1 cp le soir"),
    ("clinical_finding", "INR à 3,4"),
    ("procedure", "prélèvement bactériologique"),
    ("person_name", "Paul Girard"),
    ("address", "3 avenue des Landes, 40100 Dax"),
    ("phone", "06 71 42 18 55"),
  ], case=dict(purpose="care_coordination", to=["antoine.bernard@medecin.mssante.fr"], care_team=True, consent=False,
               why="L'infirmier libéral alerte le médecin traitant de la même patiente : tout le contenu est nécessaire.")),

D("036_mail_sortie_ehpad_pj", "physician", "mail",
  subject="Lettre de liaison - retour en EHPAD de Mme Garrouteigt",
  from_="secretariat.medical@ch-exemple.mssante.fr", to=["infirmerie@ehpad-saint-michel.mssante.fr"],
  date="Fri, 13 Nov 2026 16:05:00 +0100",
  body="""Bonjour,

Veuillez trouver ci-joint la lettre de liaison de sortie de Mme Garrouteigt, qui regagne votre établissement ce jour en ambulance vers 17 h.

Cordialement,
Le secrétariat de médecine gériatrique""",
  attach=("lettre_liaison_garrouteigt.txt", f"""LETTRE DE LIAISON DE SORTIE — Médecine gériatrique, CH Exemple
Patiente : Mme Jeanne Garrouteigt, née le 03/03/1944, NIR {N36}
Hospitalisée du 06/11 au 13/11/2026.

Motif : pyélonéphrite aiguë à E. coli sur sonde urinaire à demeure.
Traitement : ceftriaxone IV 3 jours puis relais oral par Oflocet 200 mg x 2/j jusqu'au 20/11 inclus.
Changement de sonde urinaire le 07/11 (Ch 16).
Créatinine 112 µmol/l, clairance 41 ml/min. Poids de sortie 55 kg.
Ne pas reprendre la metformine avant contrôle de la fonction rénale.
Autonomie inchangée : GIR 3, marche avec déambulateur.
Dr Élodie Harambat, gériatre"""),
  m=[
    ("person_name", "Garrouteigt"),
    ("care_setting", "médecine gériatrique"),
    ("care_setting", "EHPAD"),
    ("care_setting", "Médecine gériatrique, CH Exemple"),
    ("person_name", "Jeanne Garrouteigt"),
    ("birth_date", "03/03/1944"),
    ("nir", N36),
    ("care_setting", "Hospitalisée du 06/11 au 13/11/2026"),
    ("diagnosis", "pyélonéphrite aiguë à E. coli"),
    ("procedure", "sonde urinaire à demeure"),
    ("medication", "ceftriaxone IV 3 jours"),
    ("medication", "Oflocet 200 mg x 2/j jusqu'au 20/11 inclus"),
    ("procedure", "Changement de sonde urinaire le 07/11 (Ch 16)"),
    ("clinical_finding", "Créatinine 112 µmol/l, clairance 41 ml/min"),
    ("body_measure", "Poids de sortie 55 kg"),
    ("medication", "metformine"),
    ("procedure", "contrôle de la fonction rénale"),
    ("disability_dependency", "GIR 3"),
    ("disability_dependency", "marche avec déambulateur"),
    ("person_name", "Élodie Harambat"),
  ], case=dict(purpose="care_continuity", to=["infirmerie@ehpad-saint-michel.mssante.fr"], care_team=True, consent=False,
               why="La boîte de l'infirmerie est organisationnelle d'un EHPAD : l'annuaire la classe personnel médico-social ; en continuité de soins il ne garde que dépendance, lieu et aides, le reste va nominativement à l'IDE ou au médecin coordonnateur.")),

D("037_mail_saad_planning", "home_help", "mail",
  subject="Planning semaine 47 - M. Dupouy",
  from_="planning@saad-les-rochers.mssante.fr", to=["equipe.apa@departement-exemple.mssante.fr"],
  date="Mon, 16 Nov 2026 08:30:00 +0100", html=True,
  body="""Bonjour,

Suite à la révision du plan d'aide APA de M. Roger Dupouy (GIR 3, dossier APA n° 40-2025-118734), voici les interventions prévues :
- lundi, mercredi, vendredi : 8 h 30 - 9 h 30, aide au lever et à la toilette
- mardi, jeudi : 11 h 30 - 12 h 30, préparation du repas (régime sans sel, repas mixé)
- samedi : courses et entretien du logement

L'auxiliaire signale que M. Dupouy est très essoufflé depuis quelques jours et a les jambes gonflées. Sa fille a été prévenue.

Bien cordialement,
Coralie Sempé, responsable de secteur
SAAD Les Rochers — 05 58 56 70 80""",
  m=[
    ("person_name", "Dupouy"),
    ("social_benefit", "plan d'aide APA"),
    ("person_name", "Roger Dupouy"),
    ("disability_dependency", "GIR 3"),
    ("social_benefit", "dossier APA n° 40-2025-118734"),
    ("disability_dependency", "aide au lever et à la toilette"),
    ("clinical_finding", "régime sans sel"),
    ("disability_dependency", "repas mixé"),
    ("disability_dependency", "courses et entretien du logement"),
    ("clinical_finding", "très essoufflé depuis quelques jours"),
    ("clinical_finding", "a les jambes gonflées"),
    ("person_name", "Coralie Sempé"),
    ("care_setting", "SAAD Les Rochers"),
    ("phone", "05 58 56 70 80"),
  ], case=dict(purpose="medico_social_follow_up", to=["equipe.apa@departement-exemple.mssante.fr"], care_team=True, consent=False,
               why="L'équipe APA suit le plan d'aide : dépendance, aides et lieu ; les signes cliniques (essoufflement, œdèmes, régime) vont au médecin, pas à l'équipe APA.")),

D("038_mail_patient_resultats", "physician", "mail",
  subject="Vos résultats d'analyses du 2 novembre",
  from_="antoine.bernard@medecin.mssante.fr", to=["295109912611193@patient.mssante.fr"],
  date="Wed, 04 Nov 2026 12:14:33 +0100", html=True,
  headers={"X-MSS-MES": "FIN"},
  body="""Bonjour Madame Haddad,

Vos résultats sont bons dans l'ensemble : TSH à 2,1 mUI/l, votre hypothyroïdie est bien équilibrée, on garde le Lévothyrox 100 µg.
La ferritine est un peu basse (12 µg/l) : je vous prescris du Tardyferon 80 mg, un comprimé par jour pendant 3 mois.
Le test de grossesse est négatif.
Pensez au frottis de dépistage, le dernier date de 2022.

Bien à vous,
Dr Antoine Bernard""",
  m=[
    ("person_name", "Haddad"),
    ("clinical_finding", "TSH à 2,1 mUI/l"),
    ("diagnosis", "hypothyroïdie"),
    ("medication", "Lévothyrox 100 µg"),
    ("clinical_finding", "ferritine est un peu basse (12 µg/l)"),
    ("medication", "Tardyferon 80 mg, un comprimé par jour pendant 3 mois"),
    ("clinical_finding", "test de grossesse est négatif", "neg", "s"),
    ("procedure", "frottis de dépistage"),
    ("person_name", "Antoine Bernard"),
  ], case=dict(purpose="care_coordination", to=["295109912611193@patient.mssante.fr"], care_team=False, consent=False,
               why="Message à la patiente elle-même (boîte Mon espace santé) : droit d'accès à toutes ses données, tier sensible compris.")),

D("039_mail_dac_situation_complexe", "social_worker", "mail",
  subject="Demande d'appui - situation complexe Mme Lataste",
  from_="sophie.caron@ccas-exemple.mssante.fr", to=["coordination@dac-exemple.mssante.fr"],
  date="Thu, 19 Nov 2026 10:02:44 +0100",
  body="""Bonjour,

Je sollicite l'appui du DAC pour Mme Germaine Lataste, 79 ans, 11 rue Neuve, 40100 Dax, tél. 05 58 74 33 91.
Elle vit seule, refuse les aides à domicile et la situation se dégrade : logement très encombré (syndrome de Diogène selon le voisinage), factures d'eau impayées, elle ne se lave plus.
Elle a un diabète insulinotraité ; l'infirmière passe matin et soir mais trouve souvent porte close. Elle a perdu beaucoup de poids, elle semble désorientée.
Elle ne perçoit aucune aide (pas d'APA demandée). Pas de mesure de protection ; une demande de sauvegarde de justice pourrait être envisagée.

Merci de me dire si une évaluation à domicile est possible.
Sophie Caron
Assistante de service social — CCAS de Dax""",
  m=[
    ("person_name", "Lataste"),
    ("person_name", "Germaine Lataste"),
    ("address", "11 rue Neuve, 40100 Dax"),
    ("phone", "05 58 74 33 91"),
    ("disability_dependency", "refuse les aides à domicile"),
    ("diagnosis", "syndrome de Diogène", "s"),
    ("disability_dependency", "elle ne se lave plus"),
    ("diagnosis", "diabète insulinotraité"),
    ("procedure", "l'infirmière passe matin et soir"),
    ("clinical_finding", "Elle a perdu beaucoup de poids"),
    ("clinical_finding", "elle semble désorientée"),
    ("social_benefit", "pas d'APA demandée", "neg"),
    ("disability_dependency", "Pas de mesure de protection", "neg"),
    ("disability_dependency", "sauvegarde de justice"),
    ("person_name", "Sophie Caron"),
  ], case=dict(purpose="care_coordination", to=["coordination@dac-exemple.mssante.fr"], care_team=True, consent=False,
               why="Le DAC reçoit diagnostic, dépendance et aides, mais pas le tier sensible (syndrome de Diogène, trouble psychique : rôle hors liste sensible), ni l'acte infirmier ni les signes cliniques.")),

D("040_mail_ime_parents", "educator", "mail",
  subject="Retour de la semaine - Théo",
  from_="educ.ime@ime-les-pins.mssante.fr", to=["famille.dupuis@gmail.com"],
  date="Fri, 20 Nov 2026 17:20:00 +0100", html=True,
  body="""Bonjour Madame Dupuis,

Théo a passé une bonne semaine. Il a participé à l'atelier cuisine et a mis le couvert tout seul.
Il a fait une crise d'épilepsie mardi après le repas (2 minutes), l'infirmière lui a donné le Buccolam comme prévu dans son PAI ; il a dormi ensuite et la journée s'est bien terminée.
Pensez à nous redonner une boîte de Depakine 500 mg, il reste 4 jours.
Il a toujours besoin d'aide pour le brossage des dents.

Bon week-end,
Amandine, éducatrice spécialisée, IME Les Pins""",
  m=[
    ("person_name", "Dupuis"),
    ("person_name", "Théo"),
    ("clinical_finding", "crise d'épilepsie mardi après le repas (2 minutes)"),
    ("medication", "Buccolam"),
    ("disability_dependency", "PAI"),
    ("medication", "Depakine 500 mg"),
    ("disability_dependency", "besoin d'aide pour le brossage des dents"),
    ("person_name", "Amandine"),
    ("care_setting", "IME Les Pins"),
  ], case=dict(purpose="medico_social_follow_up", to=["famille.dupuis@gmail.com"], care_team=False, consent=False,
               why="La famille écrit sur une adresse gmail absente de MSSanté : rôle inconnu hors espace de confiance, blocage (le message passe par un canal sécurisé ou la messagerie de l'IME).")),

D("041_mail_cardio_avis_pj", "physician", "mail",
  subject="Avis - M. Larrouy, ECG joint",
  from_="dr.roux@cabinet-roux.mssante.fr", to=["cardiologie@ch-exemple.mssante.fr"],
  date="Mon, 09 Nov 2026 09:15:20 +0100",
  body=f"""Chers confrères,

Je souhaiterais un avis rapide pour M. Serge Larrouy, 73 ans (NIR {N41}), qui présente depuis 15 jours des palpitations et une fatigue inhabituelle.
ECG du jour : ACFA à 110/min. TA 152/90. Pas de signe d'insuffisance cardiaque.
CHA2DS2-VASc à 3. Je débute Eliquis 5 mg x 2 et bisoprolol 2,5 mg en attendant votre consultation.
Antécédents : HTA, BPCO stade 2 (ancien tabagique), prostatectomie en 2018.

Le compte rendu de l'ECG est en pièce jointe.
Dr Jean-Marc Roux, Cabinet médical Roux, Dax""",
  attach=("ecg_larrouy.txt", """ECG 12 dérivations — 09/11/2026 — M. Serge Larrouy
Rythme : fibrillation atriale, fréquence ventriculaire moyenne 110/min.
QRS fins, axe normal. Pas de trouble de la repolarisation.
Conclusion : ACFA rapide."""),
  m=[
    ("person_name", "Larrouy"),
    ("person_name", "Serge Larrouy"),
    ("nir", N41),
    ("clinical_finding", "palpitations"),
    ("clinical_finding", "fatigue inhabituelle"),
    ("procedure", "ECG"),
    ("clinical_finding", "ACFA à 110/min"),
    ("clinical_finding", "TA 152/90"),
    ("diagnosis", "insuffisance cardiaque", "neg"),
    ("clinical_finding", "CHA2DS2-VASc à 3"),
    ("medication", "Eliquis 5 mg x 2"),
    ("medication", "bisoprolol 2,5 mg"),
    ("diagnosis", "HTA"),
    ("diagnosis", "BPCO stade 2"),
    ("clinical_finding", "ancien tabagique"),
    ("procedure", "prostatectomie"),
    ("person_name", "Jean-Marc Roux"),
    ("procedure", "ECG 12 dérivations"),
    ("diagnosis", "fibrillation atriale"),
    ("clinical_finding", "fréquence ventriculaire moyenne 110/min"),
    ("clinical_finding", "QRS fins, axe normal"),
    ("clinical_finding", "trouble de la repolarisation", "neg"),
    ("diagnosis", "ACFA rapide"),
  ], case=dict(purpose="care_coordination", to=["cardiologie@ch-exemple.mssante.fr"], care_team=False, consent=True,
               why="Demande d'avis au service de cardiologie avec l'accord du patient, hors équipe de soins : rien de sensible, tout est nécessaire à l'avis.")),

D("042_mail_rdv_simple", "secretary", "mail",
  subject="Confirmation de rendez-vous",
  from_="secretariat.medical@ch-exemple.mssante.fr", to=["mjpm@udaf-exemple.mssante.fr"],
  date="Tue, 10 Nov 2026 11:00:00 +0100",
  body="""Bonjour,

Nous vous confirmons le rendez-vous de M. Alain Laborde (né le 21/12/1958) le lundi 23 novembre à 9 h 15 en consultation de néphrologie, pour sa séance d'évaluation avant mise en dialyse.
Merci de prévoir un accompagnement, M. Laborde ne se déplaçant qu'en fauteuil roulant.

Le secrétariat""",
  m=[
    ("person_name", "Alain Laborde"),
    ("birth_date", "21/12/1958"),
    ("care_setting", "consultation de néphrologie"),
    ("procedure", "mise en dialyse"),
    ("person_name", "Laborde"),
    ("disability_dependency", "ne se déplaçant qu'en fauteuil roulant"),
  ], case=dict(purpose="administrative", to=["mjpm@udaf-exemple.mssante.fr"], care_team=True, consent=False,
               why="Confirmation de rendez-vous au mandataire : échange administratif, aucune donnée de santé n'est nécessaire (la consultation de néphrologie et la dialyse révèlent la maladie) ; l'identité passe.")),

D("043_mail_transfert_fwd", "nurse", "mail",
  subject="TR: sortie M. Hontang - besoin de passages infirmiers",
  from_="paul.girard@infirmier.mssante.fr", to=["julie.fontaine@kine-exemple.mssante.fr"],
  date="Sat, 21 Nov 2026 19:40:02 +0100",
  body="""Julie,
Je te transfère le message du service, il aura aussi besoin de kiné pour la marche. Peux-tu le prendre à partir de mardi ?
Paul

-------- Message transféré --------
De : secretariat.medical@ch-exemple.mssante.fr
Objet : sortie M. Hontang - besoin de passages infirmiers

Bonjour,
M. Marcel Hontang, 84 ans, 6 allée des Fougères à Dax, sort demain après une pneumopathie. Il est sous Augmentin 1 g x 3/j pour 5 jours, Lovenox 4000 UI/j à injecter pendant 10 jours.
Déconditionnement à l'effort, marche avec déambulateur, risque de chute. Saturation 95 % à l'air ambiant.
Merci d'assurer les injections et la surveillance de la température.""",
  m=[
    ("person_name", "Julie"),
    ("person_name", "Hontang"),
    ("person_name", "Paul"),
    ("person_name", "Marcel Hontang"),
    ("address", "6 allée des Fougères à Dax"),
    ("diagnosis", "pneumopathie"),
    ("medication", "Augmentin 1 g x 3/j pour 5 jours"),
    ("medication", "Lovenox 4000 UI/j"),
    ("clinical_finding", "Déconditionnement à l'effort"),
    ("disability_dependency", "marche avec déambulateur"),
    ("clinical_finding", "risque de chute"),
    ("clinical_finding", "Saturation 95 % à l'air ambiant"),
    ("procedure", "injections"),
    ("procedure", "surveillance de la température"),
    ("procedure", "passages infirmiers"),
    ("procedure", "kiné pour la marche"),
  ], case=dict(purpose="care_continuity", to=["julie.fontaine@kine-exemple.mssante.fr"], care_team=True, consent=False,
               why="Transfert à la kinésithérapeute qui prend le patient en charge à la sortie : professionnelle de santé de l'équipe, tout est nécessaire.")),

D("044_mail_accueil_familial", "social_worker", "mail",
  subject="Accueil temporaire de Mme Cabannes en famille d'accueil",
  from_="ass.sociale@ccas-exemple.mssante.fr", to=["accueil.familial@departement-exemple.mssante.fr"],
  date="Wed, 25 Nov 2026 14:22:00 +0100", html=True,
  body="""Bonjour,

Je vous sollicite pour un accueil temporaire de Mme Louise Cabannes, 77 ans, du 1er au 21 décembre, pendant l'hospitalisation de son époux, qui est son aidant principal.
Mme Cabannes a une maladie d'Alzheimer à un stade modéré. Elle est GIR 3, marche seule mais a besoin d'être guidée pour la toilette et l'habillage. Elle est incontinente la nuit.
Traitement donné le matin par l'aidant : Ebixa 20 mg, Seroplex 10 mg.
Elle bénéficie de l'APA à domicile (plan de 30 h par mois). Poids 60 kg.

Merci de me dire si une famille d'accueil est disponible.
L'assistante sociale du CCAS""",
  m=[
    ("person_name", "Cabannes"),
    ("person_name", "Louise Cabannes"),
    ("care_setting", "hospitalisation de son époux"),
    ("diagnosis", "maladie d'Alzheimer à un stade modéré"),
    ("disability_dependency", "GIR 3"),
    ("disability_dependency", "a besoin d'être guidée pour la toilette et l'habillage"),
    ("disability_dependency", "Elle est incontinente la nuit"),
    ("medication", "Ebixa 20 mg"),
    ("medication", "Seroplex 10 mg", "s"),
    ("social_benefit", "APA à domicile (plan de 30 h par mois)"),
    ("body_measure", "Poids 60 kg"),
    ("care_setting", "famille d'accueil"),
    ("disability_dependency", "marche seule"),
  ], case=dict(purpose="medico_social_follow_up", to=["accueil.familial@departement-exemple.mssante.fr"], care_team=True, consent=False,
               why="L'accueillant familial (personnel médico-social) doit donner le traitement et suivre le poids : dépendance, poids, aides, Ebixa ; pas le diagnostic, et l'antidépresseur (tier sensible) ne va pas au personnel médico-social.")),

D("045_mail_reponse_psy", "psychologist", "mail",
  subject="Re: suivi de Mme Ferrer",
  from_="psy.durand@psy-exemple.mssante.fr", to=["antoine.bernard@medecin.mssante.fr"],
  date="Thu, 26 Nov 2026 20:11:09 +0100",
  body="""Bonjour Docteur,

Je vois Mme Inès Ferrer chaque semaine depuis septembre. Le trouble anxieux généralisé reste au premier plan, avec des attaques de panique moins fréquentes (une par semaine contre quatre en septembre). Le score GAD-7 est passé de 17 à 11.
Elle a repris le travail à mi-temps thérapeutique le 2 novembre.
Je n'observe pas d'éléments dépressifs majeurs. La question d'un traitement médicamenteux relève de votre appréciation ; elle m'a dit prendre de l'hydroxyzine le soir quand elle n'arrive pas à dormir.

Bien cordialement,
Mme Durand, psychologue clinicienne""",
  m=[
    ("person_name", "Inès Ferrer"),
    ("diagnosis", "trouble anxieux généralisé", "s"),
    ("clinical_finding", "attaques de panique moins fréquentes (une par semaine contre quatre en septembre)", "s"),
    ("clinical_finding", "score GAD-7 est passé de 17 à 11", "s"),
    ("sick_leave", "mi-temps thérapeutique le 2 novembre"),
    ("clinical_finding", "éléments dépressifs majeurs", "neg", "s"),
    ("medication", "hydroxyzine le soir", "s"),
    ("clinical_finding", "elle n'arrive pas à dormir"),
    ("person_name", "Durand"),
    ("person_name", "Ferrer"),
  ], case=dict(purpose="care_coordination", to=["antoine.bernard@medecin.mssante.fr"], care_team=True, consent=False,
               why="La psychologue répond au médecin traitant de l'équipe de soins : professionnel de santé, tier sensible permis, tout passe.")),

D("046_mail_esat_absences", "educator", "mail",
  subject="Absences de M. Darricau",
  from_="moniteur.atelier@esat-bas-adour.mssante.fr", to=["mjpm@udaf-exemple.mssante.fr"],
  date="Mon, 30 Nov 2026 10:45:00 +0100", html=True,
  body="""Bonjour,

Je vous informe que M. Sébastien Darricau, travailleur à l'ESAT Les Ateliers du Bas-Adour (atelier conditionnement), est absent depuis le 16 novembre. Il nous a remis un arrêt maladie jusqu'au 6 décembre.
Il nous a dit avoir été opéré de l'appendicite.
Pour mémoire, sa rémunération garantie sera maintenue selon les règles habituelles ; son AAH n'est pas modifiée.

Cordialement,
Frédéric Labeyrie, moniteur d'atelier""",
  m=[
    ("person_name", "Darricau"),
    ("person_name", "Sébastien Darricau"),
    ("care_setting", "ESAT Les Ateliers du Bas-Adour"),
    ("sick_leave", "arrêt maladie jusqu'au 6 décembre"),
    ("sick_leave", "absent depuis le 16 novembre"),
    ("procedure", "opéré de l'appendicite"),
    ("social_benefit", "AAH"),
    ("person_name", "Frédéric Labeyrie"),
  ], case=dict(purpose="social_follow_up", to=["mjpm@udaf-exemple.mssante.fr"], care_team=True, consent=False,
               why="Le mandataire gère les ressources : lieu (ESAT) et aides ; l'arrêt maladie et l'opération ne lui sont pas nécessaires selon la politique.")),
]
