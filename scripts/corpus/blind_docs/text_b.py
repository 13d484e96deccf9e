"""Plain-text documents 018-034 (social workers, home help, educators, psychologists, physicians)."""
from gen_blind import D, nir

N20 = nir("1 62 12 40 088 341")
N24 = nir("2 45 07 40 046 112")
N29 = nir("1 90 05 33 281 077")
N33 = nir("2 57 09 40 192 203")

DOCS = [
D("018_rapport_mdph_adulte", "social_worker", "text", """Rapport social joint à la demande de PCH
Service social polyvalent de secteur — Saint-Paul-lès-Dax

Mme Aurélie Bats, 42 ans, mère de deux enfants de 9 et 12 ans, séparée.
Domicile : 3 lotissement Les Bruyères, 40990 Saint-Paul-lès-Dax. Téléphone : 06 78 45 12 30.

Mme Bats est atteinte d'une sclérose en plaques évoluant depuis 2015. Elle reçoit une perfusion d'Ocrevus tous les six mois à l'hôpital de jour.
Depuis un an, elle se déplace en fauteuil roulant manuel à l'extérieur et avec un déambulateur dans le logement. Elle a besoin d'aide pour la toilette (douche assise), l'habillage du bas et les transferts. Elle pratique des autosondages 4 fois par jour.
Elle a dû arrêter son emploi de préparatrice de commandes ; arrêt maladie longue durée depuis mars, puis mise en invalidité catégorie 2 en septembre.
Ressources : pension d'invalidité, AAH différentielle, allocations familiales.
La salle de bains à l'étage n'est plus accessible.

Demande : PCH aide humaine (2 h par jour), PCH aménagement du logement (douche de plain-pied au rez-de-chaussée), carte mobilité inclusion mention stationnement.

Marie-Laure Dutournier, assistante de service social
""", m=[
    ("person_name", "Aurélie Bats"),
    ("address", "3 lotissement Les Bruyères, 40990 Saint-Paul-lès-Dax"),
    ("phone", "06 78 45 12 30"),
    ("person_name", "Bats"),
    ("diagnosis", "sclérose en plaques"),
    ("procedure", "perfusion d'Ocrevus tous les six mois"),
    ("care_setting", "hôpital de jour"),
    ("disability_dependency", "se déplace en fauteuil roulant manuel à l'extérieur"),
    ("disability_dependency", "avec un déambulateur dans le logement"),
    ("disability_dependency", "besoin d'aide pour la toilette (douche assise), l'habillage du bas et les transferts"),
    ("procedure", "autosondages 4 fois par jour"),
    ("sick_leave", "arrêt maladie longue durée depuis mars"),
    ("social_benefit", "invalidité catégorie 2"),
    ("social_benefit", "pension d'invalidité"),
    ("social_benefit", "AAH différentielle"),
    ("social_benefit", "PCH aide humaine (2 h par jour)"),
    ("social_benefit", "PCH aménagement du logement"),
    ("social_benefit", "carte mobilité inclusion mention stationnement"),
    ("social_benefit", "PCH"),
    ("person_name", "Marie-Laure Dutournier"),
], case=dict(purpose="social_follow_up", to=["mjpm@udaf-exemple.mssante.fr"], care_team=True, consent=False,
             why="Le mandataire gère les ressources et le logement : dépendance, lieu de prise en charge et aides ; le diagnostic, les actes et l'arrêt de travail (utile à l'assistant social seulement) sont retirés.")),

D("019_note_aide_domicile_denutrition", "home_help", "text", """Note au responsable de secteur — SAAD Les Rochers
De : Martine, auxiliaire de vie
Bénéficiaire : M. Jean-Claude Destenave, Pontonx-sur-l'Adour

Bonjour,
Je voulais vous signaler que M. Destenave mange de moins en moins. Il laisse la moitié du portage de repas, il dit qu'il n'a pas faim. Il a maigri, son pantalon tombe, il a perdu 6 kg en trois mois d'après la balance de la salle de bains (il pèse 52 kg maintenant).
Il tousse quand il boit, comme s'il avalait de travers.
Il a aussi du mal à se lever du fauteuil et il n'arrive plus à mettre ses chaussettes seul.
Sa fille pense qu'il faudrait plus d'heures d'aide, le plan APA actuel est de 25 h par mois.
Merci de voir avec l'infirmière ou le médecin.
Martine
""", m=[
    ("person_name", "Martine"),
    ("person_name", "Jean-Claude Destenave"),
    ("address", "Pontonx-sur-l'Adour"),
    ("person_name", "Destenave"),
    ("clinical_finding", "mange de moins en moins"),
    ("disability_dependency", "portage de repas"),
    ("clinical_finding", "il dit qu'il n'a pas faim"),
    ("clinical_finding", "Il a maigri"),
    ("clinical_finding", "il a perdu 6 kg en trois mois"),
    ("body_measure", "il pèse 52 kg"),
    ("clinical_finding", "Il tousse quand il boit, comme s'il avalait de travers"),
    ("disability_dependency", "du mal à se lever du fauteuil"),
    ("disability_dependency", "il n'arrive plus à mettre ses chaussettes seul"),
    ("social_benefit", "plan APA actuel est de 25 h par mois"),
], case=dict(purpose="prevention", to=["paul.girard@infirmier.mssante.fr"], care_team=True, consent=False,
             why="Alerte dénutrition à l'infirmier libéral du même patient (prévention de la perte d'autonomie) : tout est nécessaire sauf les aides perçues.")),

D("020_arret_travail_avis", "physician", "text", f"""AVIS D'ARRÊT DE TRAVAIL — volet 3 (employeur) et éléments transmis au service de santé au travail

Assuré : M. Frédéric Lacoste — NIR {N20}
Employeur : Scierie Labat, Tartas
Arrêt initial du 02/11/2026 au 22/11/2026 inclus. Sorties autorisées de 10 h à 12 h et de 16 h à 18 h.

Éléments médicaux (pour le médecin du travail, avec l'accord du patient) :
Lombosciatique gauche L5 hyperalgique après port de charge, sans déficit moteur. IRM lombaire : hernie discale L4-L5 postéro-latérale gauche.
Traitement : kétoprofène 100 mg matin et soir, Lamaline, cycle de kinésithérapie. Infiltration à discuter.
Reprise envisagée à mi-temps thérapeutique avec restriction du port de charges > 10 kg.

Dr Véronique Salles — 17 place Roger Ducos, 40100 Dax
""", m=[
    ("sick_leave", "AVIS D'ARRÊT DE TRAVAIL"),
    ("person_name", "Frédéric Lacoste"),
    ("nir", N20),
    ("sick_leave", "Arrêt initial du 02/11/2026 au 22/11/2026 inclus"),
    ("sick_leave", "Sorties autorisées de 10 h à 12 h et de 16 h à 18 h"),
    ("diagnosis", "Lombosciatique gauche L5 hyperalgique"),
    ("clinical_finding", "déficit moteur", "neg"),
    ("procedure", "IRM lombaire"),
    ("diagnosis", "hernie discale L4-L5 postéro-latérale gauche"),
    ("medication", "kétoprofène 100 mg matin et soir"),
    ("medication", "Lamaline"),
    ("procedure", "cycle de kinésithérapie"),
    ("procedure", "Infiltration"),
    ("sick_leave", "mi-temps thérapeutique"),
    ("disability_dependency", "restriction du port de charges > 10 kg"),
    ("person_name", "Véronique Salles"),
    ("address", "17 place Roger Ducos, 40100 Dax"),
], case=dict(purpose="prevention", to=["antoine.bernard@medecin.mssante.fr"], care_team=True, consent=True,
             why="Au médecin (du travail, reprise) en prévention avec l'accord du patient : l'état de santé et l'arrêt de travail sont nécessaires, rien à retirer.")),

D("021_liaison_csapa", "nurse", "text", """CSAPA Le Relais — fiche de liaison infirmière
Usager : M. Dylan Garcia, né le 11/02/1996

Suivi au CSAPA depuis 2023 pour dépendance aux opiacés. Traitement de substitution : méthadone 60 mg/j, délivrée en gélules à la pharmacie Lefèvre, par 7 jours.
Dernier dépistage urinaire : négatif pour les opiacés hors méthadone, positif au cannabis.
Hépatite C guérie après traitement par Epclusa en 2024 (PCR VHC négative). VIH négatif.
Consommation d'alcool : 3 à 4 bières le week-end.
Situation : hébergé en CHRS, inscrit à France Travail, bénéficie du RSA.
Vaccin hépatite B : 2 injections sur 3.
""", m=[
    ("care_setting", "CSAPA Le Relais", "s"),
    ("person_name", "Dylan Garcia"),
    ("birth_date", "11/02/1996"),
    ("care_setting", "CSAPA", "s"),
    ("diagnosis", "dépendance aux opiacés", "s"),
    ("medication", "méthadone 60 mg/j", "s"),
    ("medication", "Traitement de substitution", "s"),
    ("person_name", "Lefèvre"),
    ("clinical_finding", "dépistage urinaire : négatif pour les opiacés hors méthadone, positif au cannabis", "s"),
    ("diagnosis", "Hépatite C guérie", "s"),
    ("medication", "Epclusa", "s"),
    ("clinical_finding", "PCR VHC négative", "s"),
    ("clinical_finding", "VIH négatif", "neg", "s"),
    ("clinical_finding", "Consommation d'alcool : 3 à 4 bières le week-end", "s"),
    ("procedure", "Vaccin hépatite B : 2 injections sur 3"),
], case=dict(purpose="social_follow_up", to=["sophie.caron@ccas-exemple.mssante.fr"], care_team=True, consent=False,
             why="Suivi social au CCAS : lieu d'hébergement et aides ; l'addiction, le traitement de substitution et les sérologies (tier sensible) ne sont pas nécessaires.")),

D("022_projet_personnalise_ehpad", "educator", "text", """Projet d'accompagnement personnalisé — EHPAD Saint-Michel
Résidente : Mme Hélène Pédelucq, 88 ans — entrée le 4 mars 2025

Habitudes de vie : se lève vers 8 h, aime le café au lait, écoute la radio en basque. Ancienne couturière.
Ce qui compte pour elle : la visite de son fils le dimanche, la messe du jeudi, le jardin.
Autonomie : marche avec un rollator, a besoin d'une aide partielle à la toilette, s'habille seule si on prépare les vêtements. Continente le jour.
Objectifs : maintenir la marche (accompagnement au jardin chaque après-midi), participer à l'atelier couture.
Aides : APA en établissement, aide sociale à l'hébergement demandée.
Rédigé par : Laetitia Dupouy, animatrice, avec la résidente.
""", m=[
    ("care_setting", "EHPAD Saint-Michel"),
    ("person_name", "Hélène Pédelucq"),
    ("disability_dependency", "marche avec un rollator"),
    ("disability_dependency", "a besoin d'une aide partielle à la toilette"),
    ("disability_dependency", "s'habille seule si on prépare les vêtements"),
    ("disability_dependency", "Continente le jour"),
    ("social_benefit", "APA en établissement"),
    ("social_benefit", "aide sociale à l'hébergement"),
    ("person_name", "Laetitia Dupouy"),
], case=dict(purpose="medico_social_follow_up", to=["dui@ehpad-saint-michel.mssante.fr"], care_team=True, consent=False,
             why="Projet personnalisé déposé au dossier usager de l'EHPAD : dépendance, lieu et aides, tout est nécessaire.")),

D("023_cr_neuro_avc", "physician", "text", """Unité neuro-vasculaire — compte rendu de consultation à 3 mois
Patient : M. Bernard Lesgourgues, 71 ans

AVC ischémique sylvien gauche le 12/07/2026, thrombolysé puis thrombectomie.
Évolution : aphasie résiduelle légère (manque du mot), hémiparésie droite régressive, marche sans aide technique sur 200 m. NIHSS 2 (24 à l'entrée). Pas de trouble de la déglutition. Score de Rankin 2.
Étiologie : fibrillation auriculaire paroxystique découverte au Holter.
Facteurs de risque : HTA, dyslipidémie. Pas de tabac.
Traitement : Eliquis 5 mg x 2/j, atorvastatine 40 mg, amlodipine 5 mg. LDL à 0,62 g/l. TA 128/76.
Rééducation orthophonique à poursuivre en libéral. Reprise de la conduite déconseillée jusqu'à nouvel avis.
""", m=[
    ("care_setting", "Unité neuro-vasculaire"),
    ("person_name", "Bernard Lesgourgues"),
    ("diagnosis", "AVC ischémique sylvien gauche"),
    ("procedure", "thrombolysé"),
    ("procedure", "thrombectomie"),
    ("clinical_finding", "aphasie résiduelle légère (manque du mot)"),
    ("clinical_finding", "hémiparésie droite régressive"),
    ("disability_dependency", "marche sans aide technique sur 200 m"),
    ("clinical_finding", "NIHSS 2 (24 à l'entrée)"),
    ("clinical_finding", "trouble de la déglutition", "neg"),
    ("disability_dependency", "Score de Rankin 2"),
    ("diagnosis", "fibrillation auriculaire paroxystique"),
    ("procedure", "Holter"),
    ("diagnosis", "HTA"),
    ("diagnosis", "dyslipidémie"),
    ("clinical_finding", "Pas de tabac", "neg"),
    ("medication", "Eliquis 5 mg x 2/j"),
    ("medication", "atorvastatine 40 mg"),
    ("medication", "amlodipine 5 mg"),
    ("clinical_finding", "LDL à 0,62 g/l"),
    ("clinical_finding", "TA 128/76"),
    ("procedure", "Rééducation orthophonique"),
    ("disability_dependency", "Reprise de la conduite déconseillée"),
], case=dict(purpose="care_coordination", to=["julie.fontaine@kine-exemple.mssante.fr"], care_team=True, consent=False,
             why="Le kinésithérapeute de la rééducation est professionnel de santé dans l'équipe : tout est nécessaire.")),

D("024_demande_aide_sociale_hebergement", "social_worker", "text", f"""Centre communal d'action sociale de Dax
Dossier de demande d'aide sociale à l'hébergement

Demandeur : Mme Paulette Dubroca, née le 08/07/1945
N° de sécurité sociale : {N24}
Adresse actuelle : EHPAD Saint-Michel, 40100 Dax (entrée le 1er septembre 2026)
Ancienne adresse : 9 rue du Tuc, 40100 Dax
Mesure de protection : curatelle renforcée confiée à l'UDAF des Landes.
Ressources mensuelles : retraite CARSAT 812 €, retraite complémentaire 214 €, APA en établissement (GIR 3) versée à l'établissement.
Obligés alimentaires : un fils, M. Didier Dubroca, demeurant à Pau.
Coordonnées bancaires pour le reversement : IBAN FR76 3000 4000 0312 3456 7890 143.

Instruit par Sophie Caron, assistante de service social.
""", m=[
    ("social_benefit", "aide sociale à l'hébergement"),
    ("person_name", "Paulette Dubroca"),
    ("birth_date", "08/07/1945"),
    ("nir", N24),
    ("care_setting", "EHPAD Saint-Michel, 40100 Dax"),
    ("address", "9 rue du Tuc, 40100 Dax"),
    ("disability_dependency", "curatelle renforcée"),
    ("social_benefit", "APA en établissement"),
    ("disability_dependency", "GIR 3"),
    ("person_name", "Didier Dubroca"),
    ("address", "Pau"),
    ("iban", "FR76 3000 4000 0312 3456 7890 143"),
    ("person_name", "Sophie Caron"),
], case=dict(purpose="social_follow_up", to=["tutelles.exemple@orange.fr"], care_team=True, consent=False,
             why="Le mandataire individuel écrit hors espace de confiance MSSanté (adresse orange.fr) : le dossier contient lieu d'accueil, GIR et aides, donc blocage.")),

D("025_courrier_peu_sante", "secretary", "text", """Madame, Monsieur,

Nous accusons réception du dossier d'inscription de Mme Sylvie Lagardère au groupe de marche du mardi organisé par l'association.
La prochaine sortie aura lieu le 17 novembre, rendez-vous à 14 h devant la mairie de Saubusse. Prévoir de bonnes chaussures et une bouteille d'eau.

Pour toute question : 05 58 57 30 12 ou marche.saubusse@laposte.net

Cordialement,
Le secrétariat
""", m=[
    ("person_name", "Sylvie Lagardère"),
    ("phone", "05 58 57 30 12"),
    ("email", "marche.saubusse@laposte.net"),
], case=dict(purpose="administrative", to=["benevoles@association-exemple.fr"], care_team=False, consent=False,
             why="Aucune donnée de santé, mais le destinataire (association) n'est pas qualifié : la politique ne lui laisse rien ; message bloqué.")),

D("026_transmission_had", "nurse", "text", """HAD Adour — transmission à l'équipe du SSIAD
Patient : M. Lucien Barrère, 79 ans, Saint-Vincent-de-Tyrosse

Fin de prise en charge HAD le 20/11. Relais SSIAD à partir du 21/11.
Pose de PEG le 28/10 pour troubles de la déglutition sévères (cancer de l'œsophage). Nutrition entérale Fresubin 1 500 ml/24 h sur pompe, la nuit. Rinçage de la sonde 50 ml d'eau avant et après chaque passage.
Soins de stomie gastrique : tous les deux jours, peau saine.
Douleurs contrôlées par Durogesic 25 µg/h (patch tous les 3 jours) + Actiskenan 10 mg si besoin.
Poids 58 kg (62 kg en septembre). Albumine 29 g/l.
Patient grabataire, lit médicalisé, matelas à air. Escarre sacrée stade 1, effleurages.
Épouse présente, très fatiguée.
""", m=[
    ("care_setting", "HAD Adour"),
    ("care_setting", "SSIAD"),
    ("person_name", "Lucien Barrère"),
    ("address", "Saint-Vincent-de-Tyrosse"),
    ("care_setting", "HAD"),
    ("procedure", "Pose de PEG"),
    ("clinical_finding", "troubles de la déglutition sévères"),
    ("diagnosis", "cancer de l'œsophage"),
    ("procedure", "Nutrition entérale"),
    ("medication", "Fresubin 1 500 ml/24 h"),
    ("procedure", "Rinçage de la sonde 50 ml d'eau"),
    ("procedure", "Soins de stomie gastrique"),
    ("clinical_finding", "peau saine"),
    ("clinical_finding", "Douleurs contrôlées"),
    ("medication", "Durogesic 25 µg/h (patch tous les 3 jours)"),
    ("medication", "Actiskenan 10 mg si besoin"),
    ("body_measure", "Poids 58 kg (62 kg en septembre)"),
    ("clinical_finding", "Albumine 29 g/l"),
    ("disability_dependency", "grabataire"),
    ("disability_dependency", "lit médicalisé, matelas à air"),
    ("clinical_finding", "Escarre sacrée stade 1"),
    ("procedure", "effleurages"),
], case=dict(purpose="care_continuity", to=["unite.soins@ssiad-tyrosse.mssante.fr"], care_team=True, consent=False,
             why="L'adresse du SSIAD n'est dans aucun annuaire : sous mssante.fr mais de rôle inconnu, donc non qualifiée ; blocage en attendant de vérifier le destinataire.")),

D("027_bilan_psychologique_enfant", "psychologist", "text", """Bilan psychologique — extrait pour l'équipe de l'école
Enfant : Noah Duplantier, 8 ans, CE2
Psychologue : Marc Rolland — ADELI 409302211

Noah a été reçu à la demande des parents pour des difficultés d'attention en classe.
WISC-V : ICV 104, IVS 98, IRF 101, IMT 82, IVT 79. Profil hétérogène avec faiblesse de la mémoire de travail et de la vitesse de traitement.
Observations : agitation motrice, se lève souvent, oublie les consignes. Bonne relation aux autres.
Hypothèse : TDAH, à confirmer par le neuropédiatre. Pas d'argument pour une dyslexie.
Préconisations : place devant, consignes courtes, tiers-temps pour les évaluations, PAP à mettre en place.
""", m=[
    ("person_name", "Noah Duplantier"),
    ("person_name", "Marc Rolland"),
    ("adeli", "409302211"),
    ("person_name", "Noah"),
    ("clinical_finding", "difficultés d'attention en classe"),
    ("procedure", "WISC-V"),
    ("clinical_finding", "ICV 104, IVS 98, IRF 101, IMT 82, IVT 79"),
    ("clinical_finding", "faiblesse de la mémoire de travail et de la vitesse de traitement"),
    ("clinical_finding", "agitation motrice, se lève souvent, oublie les consignes"),
    ("diagnosis", "TDAH", "neg", "s"),
    ("diagnosis", "dyslexie", "neg"),
    ("disability_dependency", "tiers-temps pour les évaluations"),
    ("disability_dependency", "PAP"),
]),

D("028_note_mjpm", "social_worker", "text", """UDAF des Landes — Service mandataire judiciaire
Note de situation — M. Christian Lartigau, sous tutelle depuis 2021

Lieu de vie : foyer d'accueil médicalisé Les Acacias, Tarnos.
Le FAM signale une facture de pharmacie impayée de 143,20 € et une demande de fauteuil roulant électrique (devis de 18 400 €, prise en charge partielle LPPR + PCH).
M. Lartigau perçoit l'AAH à taux plein et la MVA. Taux d'incapacité reconnu : ≥ 80 %.
Prochaine audience de révision de la mesure : mars 2027.
Contacts : délégué mandataire Mme Nathalie Saint-Martin, 05 58 06 44 10.
""", m=[
    ("person_name", "Christian Lartigau"),
    ("disability_dependency", "sous tutelle"),
    ("care_setting", "foyer d'accueil médicalisé Les Acacias, Tarnos"),
    ("care_setting", "FAM"),
    ("disability_dependency", "fauteuil roulant électrique"),
    ("social_benefit", "PCH"),
    ("person_name", "Lartigau"),
    ("social_benefit", "AAH à taux plein"),
    ("social_benefit", "MVA"),
    ("disability_dependency", "Taux d'incapacité reconnu : ≥ 80 %"),
    ("person_name", "Nathalie Saint-Martin"),
    ("phone", "05 58 06 44 10"),
], case=dict(purpose="social_follow_up", to=["ass.sociale@ccas-exemple.mssante.fr"], care_team=True, consent=False,
             why="Suivi social entre le mandataire et l'assistant social : dépendance, lieu de vie et aides, tout est nécessaire.")),

D("029_cr_psychiatrie_sortie", "physician", "text", f"""Clinique psychiatrique du Moulin — compte rendu d'hospitalisation
M. Maxime Poyloault, né le 14/05/1990, NIR {N29}
Hospitalisation en soins sans consentement (SDRE) du 03/10 au 04/11/2026.

Motif : décompensation psychotique avec délire de persécution et hallucinations auditives, dans un contexte d'arrêt du traitement et de consommation de cannabis.
Diagnostic : schizophrénie paranoïde.
Évolution favorable sous Abilify Maintena 400 mg (injection mensuelle, dernière le 30/10) et Tercian 25 mg le soir si angoisse.
Lithiémie non indiquée. Bilan métabolique : glycémie 0,98 g/l, poids 84 kg (IMC 27,4).
Sortie en programme de soins : suivi au CMP de Dax, visite à domicile de l'infirmier de secteur tous les 15 jours.
Arrêt de travail de 1 mois. Demande d'AAH en cours avec l'assistante sociale.
""", m=[
    ("care_setting", "Clinique psychiatrique du Moulin", "s"),
    ("person_name", "Maxime Poyloault"),
    ("birth_date", "14/05/1990"),
    ("nir", N29),
    ("procedure", "soins sans consentement (SDRE)", "s"),
    ("care_setting", "Hospitalisation", "s"),
    ("diagnosis", "décompensation psychotique", "s"),
    ("clinical_finding", "délire de persécution", "s"),
    ("clinical_finding", "hallucinations auditives", "s"),
    ("clinical_finding", "arrêt du traitement"),
    ("clinical_finding", "consommation de cannabis", "s"),
    ("diagnosis", "schizophrénie paranoïde", "s"),
    ("medication", "Abilify Maintena 400 mg (injection mensuelle, dernière le 30/10)", "s"),
    ("medication", "Tercian 25 mg le soir si angoisse", "s"),
    ("procedure", "Lithiémie", "neg"),
    ("clinical_finding", "glycémie 0,98 g/l"),
    ("body_measure", "poids 84 kg (IMC 27,4)"),
    ("procedure", "programme de soins", "s"),
    ("care_setting", "CMP de Dax", "s"),
    ("procedure", "visite à domicile de l'infirmier de secteur tous les 15 jours", "s"),
    ("sick_leave", "Arrêt de travail de 1 mois"),
    ("social_benefit", "AAH"),
], case=dict(purpose="care_continuity", to=["antoine.bernard@medecin.mssante.fr"], care_team=True, consent=False,
             why="Au médecin traitant dans l'équipe : tout sauf l'aide sociale demandée (AAH), qui ne change pas les soins.")),

D("030_appel_famille", "nurse", "text", """Note d'appel téléphonique — infirmerie, Résidence autonomie Les Pins d'Or

Appel de M. Olivier Castaing, fils de Mme Rolande Castaing (appt 14), ce jour à 15 h.
Il s'inquiète : sa mère lui a dit au téléphone qu'elle voyait des gens dans le salon la nuit. Il demande si elle a changé de traitement.
Réponse : aucun changement de traitement ; proposition d'en parler au médecin traitant lors de sa visite de jeudi. M. Castaing souhaite être rappelé au 07 81 22 45 60.
Il n'a pas souhaité que l'on prévienne sa sœur.
""", m=[
    ("care_setting", "Résidence autonomie Les Pins d'Or"),
    ("person_name", "Olivier Castaing"),
    ("person_name", "Rolande Castaing"),
    ("clinical_finding", "elle voyait des gens dans le salon la nuit"),
    ("person_name", "Castaing"),
    ("phone", "07 81 22 45 60"),
], case=dict(purpose="care_coordination", to=["famille.dupuis@gmail.com"], care_team=False, consent=False,
             why="Adresse personnelle hors MSSanté, d'un proche sans rôle dans l'annuaire : destinataire non qualifié, blocage.")),

D("031_evaluation_ergo_domicile", "nurse", "text", """Évaluation du domicile — ergothérapeute de l'équipe spécialisée Alzheimer (ESA)
Personne : Mme Denise Lacouture, 81 ans, 2 rue des Écoles, 40230 Saint-Geours-de-Maremne

Maladie d'Alzheimer au stade léger (MMS 22/30). Vit avec son mari.
Observations : oublie d'éteindre le gaz ; se perd dans le quartier en fin de journée ; prend ses médicaments grâce au pilulier préparé par la pharmacie. Toilette seule sous la stimulation du mari.
Préconisations : plaque à induction, barres d'appui dans la douche, bracelet de téléassistance avec géolocalisation, accueil de jour deux fois par semaine pour soulager l'aidant.
Séances de réhabilitation : 12 séances prescrites, 8 réalisées.
""", m=[
    ("care_setting", "équipe spécialisée Alzheimer (ESA)"),
    ("person_name", "Denise Lacouture"),
    ("address", "2 rue des Écoles, 40230 Saint-Geours-de-Maremne"),
    ("diagnosis", "Maladie d'Alzheimer au stade léger"),
    ("clinical_finding", "MMS 22/30"),
    ("clinical_finding", "oublie d'éteindre le gaz"),
    ("clinical_finding", "se perd dans le quartier en fin de journée"),
    ("disability_dependency", "prend ses médicaments grâce au pilulier préparé par la pharmacie"),
    ("disability_dependency", "Toilette seule sous la stimulation du mari"),
    ("disability_dependency", "barres d'appui dans la douche"),
    ("disability_dependency", "bracelet de téléassistance avec géolocalisation"),
    ("care_setting", "accueil de jour deux fois par semaine"),
    ("procedure", "Séances de réhabilitation : 12 séances prescrites, 8 réalisées"),
], case=dict(purpose="care_coordination", to=["coordination@dac-exemple.mssante.fr"], care_team=True, consent=False,
             why="Le DAC organise le parcours : diagnostic, dépendance et lieux ; pas les scores, symptômes ni les séances.")),

D("032_genetique_conseil", "physician", "text", """Consultation de génétique — CHU de Bordeaux
Mme Sandrine Loustau, 38 ans

Consultation pour antécédents familiaux de cancer du sein : mère (diagnostic à 44 ans) et tante maternelle (ovaire, 51 ans).
Mutation BRCA1 identifiée chez la mère (c.5266dupC). Test ciblé proposé à Mme Loustau, qui l'accepte après information et signature du consentement.
Résultat : porteuse de la mutation familiale BRCA1.
Surveillance proposée : IRM mammaire annuelle à partir de maintenant, discussion d'une annexectomie bilatérale prophylactique après 40 ans.
Pas de trouble psychologique évoqué, soutien proposé par la psychologue du service.
""", m=[
    ("care_setting", "Consultation de génétique", "s"),
    ("person_name", "Sandrine Loustau"),
    ("diagnosis", "cancer du sein", "neg"),
    ("diagnosis", "ovaire, 51 ans", "neg"),
    ("clinical_finding", "Mutation BRCA1 identifiée chez la mère (c.5266dupC)", "neg", "s"),
    ("procedure", "Test ciblé", "s"),
    ("person_name", "Loustau"),
    ("diagnosis", "porteuse de la mutation familiale BRCA1", "s"),
    ("procedure", "IRM mammaire annuelle"),
    ("procedure", "annexectomie bilatérale prophylactique"),
    ("diagnosis", "trouble psychologique", "neg", "s"),
]),

D("033_fiche_admission_ssr", "secretary", "text", f"""Fiche de demande d'admission en SMR (soins médicaux et de réadaptation) — ViaTrajectoire
Patiente : Mme Yvette Sourbès, née le 22/09/1957
NIR : {N33}
Adresse : Résidence Les Platanes, bât. C, 40100 Dax — tél. 05 58 74 09 63
Médecin traitant : Dr Antoine Bernard, RPPS 19900000029
Établissement d'origine : CH Exemple, FINESS 400780193

Motif : rééducation après fracture du col du fémur droit opérée (prothèse intermédiaire le 10/11).
Autonomie avant : autonome, vivait seule. Actuelle : marche 10 m avec déambulateur et aide d'une personne.
Poids 67 kg, taille 1,60 m. Pas d'escarre. Diabète de type 2 sous Trulicity 1,5 mg/semaine.
""", m=[
    ("care_setting", "SMR (soins médicaux et de réadaptation)"),
    ("person_name", "Yvette Sourbès"),
    ("birth_date", "22/09/1957"),
    ("nir", N33),
    ("address", "Résidence Les Platanes, bât. C, 40100 Dax"),
    ("phone", "05 58 74 09 63"),
    ("person_name", "Antoine Bernard"),
    ("rpps", "19900000029"),
    ("finess", "400780193"),
    ("procedure", "rééducation"),
    ("diagnosis", "fracture du col du fémur droit"),
    ("procedure", "prothèse intermédiaire"),
    ("disability_dependency", "autonome, vivait seule"),
    ("disability_dependency", "marche 10 m avec déambulateur et aide d'une personne"),
    ("body_measure", "Poids 67 kg"),
    ("body_measure", "taille 1,60 m"),
    ("clinical_finding", "escarre", "neg"),
    ("diagnosis", "Diabète de type 2"),
    ("medication", "Trulicity 1,5 mg/semaine"),
], case=dict(purpose="care_continuity", to=["standard@hopital-exemple.fr"], care_team=True, consent=False,
             why="Demande d'admission en SMR à l'hôpital qui prendra le relais (annuaire : professionnel de santé, de confiance) : tout est nécessaire.")),

D("034_compte_rendu_visite_apa", "social_worker", "text", """Équipe médico-sociale APA — compte rendu de visite à domicile
Bénéficiaire : M. Henri Ducamp, 86 ans, Montfort-en-Chalosse
Évaluateurs : Aurore Lalanne (travailleuse sociale) et Jérôme Dupuy (infirmier)

M. Ducamp vit avec son épouse, elle-même fragile. Il présente des troubles de la mémoire et une maladie de Parkinson évoluée (tremblements, chutes fréquentes). Il a été hospitalisé en juillet pour une pneumopathie d'inhalation.
Grille AGGIR : GIR 2. Il ne peut plus sortir seul, a besoin d'aide pour toutes les toilettes et pour se lever, et d'une surveillance la nuit.
Plan d'aide proposé : 45 h d'aide humaine par mois, accueil de jour 1 jour par semaine, protections d'incontinence, téléassistance. Participation financière calculée sur les ressources.
Orientation future vers un EHPAD à discuter avec le couple.
""", m=[
    ("person_name", "Henri Ducamp"),
    ("address", "Montfort-en-Chalosse"),
    ("person_name", "Aurore Lalanne"),
    ("person_name", "Jérôme Dupuy"),
    ("social_benefit", "APA"),
    ("person_name", "Ducamp"),
    ("clinical_finding", "troubles de la mémoire"),
    ("diagnosis", "maladie de Parkinson évoluée"),
    ("clinical_finding", "tremblements, chutes fréquentes"),
    ("care_setting", "hospitalisé en juillet"),
    ("diagnosis", "pneumopathie d'inhalation"),
    ("disability_dependency", "GIR 2"),
    ("disability_dependency", "Il ne peut plus sortir seul"),
    ("disability_dependency", "a besoin d'aide pour toutes les toilettes et pour se lever"),
    ("disability_dependency", "d'une surveillance la nuit"),
    ("social_benefit", "Plan d'aide proposé : 45 h d'aide humaine par mois"),
    ("care_setting", "accueil de jour 1 jour par semaine"),
    ("disability_dependency", "protections d'incontinence"),
    ("disability_dependency", "téléassistance"),
    ("care_setting", "EHPAD"),
], case=dict(purpose="medico_social_follow_up", to=["planning@saad-les-rochers.mssante.fr"], care_team=True, consent=False,
             why="Le SAAD qui met en œuvre le plan d'aide : dépendance, lieux et aides ; ni diagnostic, ni symptômes, ni hospitalisation motivée.")),
]
