"""PDFs 047-056, rendered by reportlab from the text here (kept beside each PDF as NAME.pdf.txt).
Line prefixes: '# ' bold heading, '== ' centred title, '>> ' right-aligned line."""
from gen_blind import D, nir

N47 = nir("2 51 08 40 088 119")
N50 = nir("1 84 03 64 102 355")
N53 = nir("2 36 12 40 192 044")

DOCS = [
D("047_pdf_lettre_sortie_medecine", "physician", "pdf", style="times", title="Lettre de liaison", body=f"""== CENTRE HOSPITALIER EXEMPLE — MÉDECINE POLYVALENTE
>> Dax, le 18 novembre 2026
Dr Nicolas Labarthe, praticien hospitalier — RPPS 10003456789
FINESS 400780193

# LETTRE DE LIAISON À LA SORTIE

Patiente : Mme Claudine Dupérier, née le 25/08/1951
INS (NIR) : {N47} — IPP 0098124455
Adresse : 5 rue Gambetta, 40100 Dax — Tél. 06 24 88 19 02
Hospitalisation du 09/11/2026 au 18/11/2026.

Motif d'hospitalisation : décompensation de BPCO sur infection bronchique.
Antécédents : BPCO stade 3 sous oxygène au long cours (2 l/min), ostéoporose fracturaire
(tassement L1), dépression traitée.
Au cours du séjour : antibiothérapie par Augmentin, corticothérapie courte (Solupred 40 mg
pendant 5 jours), kinésithérapie respiratoire quotidienne. Gazométrie de sortie :
PaO2 62 mmHg, PaCO2 48 mmHg sous 2 l/min. Poids 49 kg, IMC 18,5 : dénutrition modérée.
Traitement de sortie :
  - Trimbow 2 bouffées matin et soir
  - oxygénothérapie 2 l/min au repos, 3 l/min à l'effort
  - Fortimel 2 par jour
  - sertraline 50 mg le matin
  - Prolia 60 mg tous les 6 mois (prochaine injection en février)
Suites : réhabilitation respiratoire en SMR demandée ; passage IDE pour surveillance.
Vaccination antigrippale faite le 12/11.
""", m=[
    ("care_setting", "MÉDECINE POLYVALENTE"),
    ("person_name", "Nicolas Labarthe"),
    ("rpps", "10003456789"),
    ("finess", "400780193"),
    ("person_name", "Claudine Dupérier"),
    ("birth_date", "25/08/1951"),
    ("nir", N47),
    ("ipp", "0098124455"),
    ("address", "5 rue Gambetta, 40100 Dax"),
    ("phone", "06 24 88 19 02"),
    ("care_setting", "Hospitalisation du 09/11/2026 au 18/11/2026"),
    ("diagnosis", "décompensation de BPCO sur infection bronchique"),
    ("diagnosis", "BPCO stade 3"),
    ("procedure", "oxygène au long cours (2 l/min)"),
    ("diagnosis", "ostéoporose fracturaire (tassement L1)"),
    ("diagnosis", "dépression traitée", "s"),
    ("medication", "antibiothérapie par Augmentin"),
    ("medication", "corticothérapie courte (Solupred 40 mg pendant 5 jours)"),
    ("procedure", "kinésithérapie respiratoire quotidienne"),
    ("clinical_finding", "PaO2 62 mmHg, PaCO2 48 mmHg sous 2 l/min"),
    ("procedure", "Gazométrie"),
    ("body_measure", "Poids 49 kg, IMC 18,5"),
    ("diagnosis", "dénutrition modérée"),
    ("medication", "Trimbow 2 bouffées matin et soir"),
    ("procedure", "oxygénothérapie 2 l/min au repos, 3 l/min à l'effort"),
    ("medication", "Fortimel 2 par jour"),
    ("medication", "sertraline 50 mg le matin", "s"),
    ("medication", "Prolia 60 mg tous les 6 mois"),
    ("procedure", "réhabilitation respiratoire"),
    ("care_setting", "SMR"),
    ("procedure", "passage IDE pour surveillance"),
    ("procedure", "Vaccination antigrippale"),
], case=dict(purpose="care_continuity", to=["dr.roux@cabinet-roux.mssante.fr"], care_team=True, consent=False,
             why="Lettre de liaison au médecin traitant de l'équipe de soins : tout le contenu est nécessaire à la continuité.")),

D("048_pdf_plan_aide_apa", "social_worker", "pdf", style="helvetica", title="Plan d'aide APA", body="""== DÉPARTEMENT DES LANDES — Direction de la solidarité
# Notification de plan d'aide — Allocation personnalisée d'autonomie

Bénéficiaire : M. Raymond Lapeyre
Domicile : 22 route de Bayonne, 40390 Saint-Martin-de-Seignanx
N° de dossier : APA-40-2026-04518
Évaluation du 14/10/2026 par l'équipe médico-sociale : GIR 3.

Plan d'aide mensuel accordé :
  - aide humaine : 32 heures par mois (SAAD Les Rochers)
  - accueil de jour : 4 jours par mois
  - téléassistance : 1 abonnement
  - protections : 1 forfait
Montant du plan : 812,40 € ; participation du bénéficiaire : 96,30 €.

Le bénéficiaire peut contester cette décision dans un délai de deux mois.
Pour le Président du Conseil départemental, la responsable du service APA, Valérie Cazenave.
""", m=[
    ("social_benefit", "Allocation personnalisée d'autonomie"),
    ("person_name", "Raymond Lapeyre"),
    ("address", "22 route de Bayonne, 40390 Saint-Martin-de-Seignanx"),
    ("social_benefit", "APA-40-2026-04518"),
    ("disability_dependency", "GIR 3"),
    ("disability_dependency", "aide humaine : 32 heures par mois"),
    ("care_setting", "SAAD Les Rochers"),
    ("care_setting", "accueil de jour : 4 jours par mois"),
    ("disability_dependency", "téléassistance : 1 abonnement"),
    ("disability_dependency", "protections : 1 forfait"),
    ("social_benefit", "Montant du plan : 812,40 € ; participation du bénéficiaire : 96,30 €"),
    ("social_benefit", "service APA"),
    ("person_name", "Valérie Cazenave"),
], case=dict(purpose="medico_social_follow_up", to=["planning@saad-les-rochers.mssante.fr"], care_team=True, consent=False,
             why="Le SAAD qui exécute le plan d'aide reçoit la notification : dépendance, lieux et aides, tout est nécessaire.")),

D("049_pdf_transmissions_ssiad", "nurse", "pdf", style="courier", title="Transmissions SSIAD", body="""# SSIAD CHALOSSE — FEUILLE DE TRANSMISSIONS
Patient : M. André Cabanne         Secteur : Hagetmau
Semaine du 02/11 au 08/11/2026

02/11 AS : toilette au lit, prévention escarres. Refuse de se lever.
03/11 IDE : pose de sonde urinaire Ch 14 sur prescription (globe
      vésical 600 ml). Urines claires.
04/11 AS : M. Cabanne confus le matin, plus calme l'après-midi.
      Selles liquides x3.
05/11 IDE : bilan sanguin fait (NFS, iono, CRP). T 37,8 °C.
      Appel au Dr Dulau : Smecta 3 sachets/j, hydratation.
06/11 AS : mange la moitié des repas, boit 1 litre/jour.
07/11 IDE : CRP 45 mg/l, natrémie 131 mmol/l. Pansement escarre
      du sacrum stade 2, hydrocolloïde.
08/11 AS : nuit agitée signalée par l'épouse. GIR 1.
""", m=[
    ("care_setting", "SSIAD CHALOSSE"),
    ("person_name", "André Cabanne"),
    ("address", "Hagetmau"),
    ("disability_dependency", "toilette au lit"),
    ("procedure", "prévention escarres"),
    ("disability_dependency", "Refuse de se lever"),
    ("procedure", "pose de sonde urinaire Ch 14"),
    ("clinical_finding", "globe vésical 600 ml"),
    ("clinical_finding", "Urines claires"),
    ("person_name", "Cabanne"),
    ("clinical_finding", "confus le matin"),
    ("clinical_finding", "Selles liquides x3"),
    ("procedure", "bilan sanguin fait (NFS, iono, CRP)"),
    ("clinical_finding", "T 37,8 °C"),
    ("person_name", "Dulau"),
    ("medication", "Smecta 3 sachets/j"),
    ("procedure", "hydratation"),
    ("clinical_finding", "mange la moitié des repas, boit 1 litre/jour"),
    ("clinical_finding", "CRP 45 mg/l, natrémie 131 mmol/l"),
    ("procedure", "Pansement escarre du sacrum stade 2, hydrocolloïde"),
    ("clinical_finding", "nuit agitée"),
    ("disability_dependency", "GIR 1"),
], case=dict(purpose="medico_social_follow_up", to=["paul.girard@infirmier.mssante.fr"], care_team=True, consent=False,
             why="Transmissions à l'infirmier libéral qui assure le relais le week-end : professionnel de santé, tout est nécessaire.")),

D("050_pdf_certificat_aptitude", "physician", "pdf", style="dejavuserif", title="Certificat", body=f"""# Dr Christine Pourtau — Médecine générale
>> 8 cours Foch, 40100 Dax — 05 58 74 66 20
>> RPPS 10005551234

== CERTIFICAT MÉDICAL

Je soussignée, docteur en médecine, certifie avoir examiné ce jour
M. Bastien Lafourcade, né le 17/03/1984 (NIR {N50}),
et n'avoir constaté aucune contre-indication à la pratique du rugby en compétition.

Fait à Dax le 2 septembre 2026, pour servir et valoir ce que de droit.
""", m=[
    ("person_name", "Christine Pourtau"),
    ("address", "8 cours Foch, 40100 Dax"),
    ("phone", "05 58 74 66 20"),
    ("rpps", "10005551234"),
    ("person_name", "Bastien Lafourcade"),
    ("birth_date", "17/03/1984"),
    ("nir", N50),
    ("clinical_finding", "aucune contre-indication à la pratique du rugby en compétition", "neg"),
], case=dict(purpose="administrative", to=["coordination@dac-exemple.mssante.fr"], care_team=True, consent=False,
             why="Échange administratif : l'absence de contre-indication reste une donnée de santé, retirée ; identité et identifiants professionnels passent.")),

D("051_pdf_rapport_educatif_ime", "educator", "pdf", style="dejavu", title="Rapport éducatif", body="""== IME LES PINS — RAPPORT ÉDUCATIF ANNUEL
Jeune : Léna Castets, 15 ans        Groupe : Adolescents
Éducateur référent : Thibault Marsan

# Vie quotidienne
Léna est autonome pour les repas. Elle a besoin d'un accompagnement verbal pour la
toilette et d'une aide pour se coiffer. Elle porte des lunettes et des appareils
auditifs (surdité moyenne bilatérale), qu'elle enlève parfois en cours de journée.
# Communication et relations
Elle s'exprime par phrases courtes. Elle a noué une amitié avec une autre jeune.
Des moments d'opposition persistent, notamment lors des transitions.
# Santé
Épilepsie stabilisée sous Keppra 500 mg matin et soir (pas de crise depuis mars).
Suivi orthophonique hebdomadaire. Poids 45 kg.
# Projet
Poursuite à l'IME, stage de découverte en ESAT à 16 ans. Renouvellement de
l'orientation et de l'AEEH auprès de la MDPH en 2027.
""", m=[
    ("care_setting", "IME LES PINS"),
    ("person_name", "Léna Castets"),
    ("person_name", "Thibault Marsan"),
    ("person_name", "Léna"),
    ("disability_dependency", "besoin d'un accompagnement verbal pour la toilette"),
    ("disability_dependency", "d'une aide pour se coiffer"),
    ("disability_dependency", "est autonome pour les repas"),
    ("disability_dependency", "Elle s'exprime par phrases courtes"),
    ("disability_dependency", "appareils auditifs"),
    ("diagnosis", "surdité moyenne bilatérale"),
    ("clinical_finding", "moments d'opposition persistent, notamment lors des transitions"),
    ("diagnosis", "Épilepsie stabilisée"),
    ("medication", "Keppra 500 mg matin et soir"),
    ("clinical_finding", "pas de crise depuis mars", "neg"),
    ("procedure", "Suivi orthophonique hebdomadaire"),
    ("body_measure", "Poids 45 kg"),
    ("care_setting", "IME"),
    ("care_setting", "ESAT"),
    ("social_benefit", "AEEH"),
    ("disability_dependency", "orientation"),
], case=dict(purpose="medico_social_follow_up", to=["psy.durand@psy-exemple.mssante.fr"], care_team=True, consent=False,
             why="Le psychologue qui suit Léna : diagnostic, dépendance et lieux ; pas le traitement, le poids, les observations cliniques ni les aides.")),

D("052_pdf_compte_rendu_consultation_memoire", "physician", "pdf", style="times", title="Consultation mémoire", body="""# Consultation mémoire — Hôpital de jour gériatrique
Dr Marie-Pierre Lagardère, gériatre

M. Louis Bergès, 82 ans, adressé par son médecin traitant pour troubles mnésiques
évoluant depuis 2 ans : oublie les rendez-vous, répète les mêmes questions,
s'est perdu en voiture en septembre.
MMSE 19/30, test des 5 mots 6/10, horloge échouée. IRM cérébrale : atrophie
hippocampique bilatérale, leucopathie modérée.
Conclusion : maladie d'Alzheimer au stade léger à modéré.
Pas de syndrome dépressif associé (GDS 3/15).
Conduite automobile : arrêt recommandé, expliqué au patient et à son épouse.
Proposition : Aricept 5 mg puis 10 mg, orthophonie, ESA à domicile, dossier APA.
""", m=[
    ("care_setting", "Consultation mémoire"),
    ("care_setting", "Hôpital de jour gériatrique"),
    ("person_name", "Marie-Pierre Lagardère"),
    ("person_name", "Louis Bergès"),
    ("clinical_finding", "troubles mnésiques"),
    ("clinical_finding", "oublie les rendez-vous, répète les mêmes questions"),
    ("clinical_finding", "s'est perdu en voiture en septembre"),
    ("clinical_finding", "MMSE 19/30, test des 5 mots 6/10, horloge échouée"),
    ("procedure", "IRM cérébrale"),
    ("clinical_finding", "atrophie hippocampique bilatérale, leucopathie modérée"),
    ("diagnosis", "maladie d'Alzheimer au stade léger à modéré"),
    ("diagnosis", "syndrome dépressif", "neg", "s"),
    ("clinical_finding", "GDS 3/15", "s"),
    ("disability_dependency", "Conduite automobile : arrêt recommandé"),
    ("medication", "Aricept 5 mg puis 10 mg"),
    ("procedure", "orthophonie"),
    ("care_setting", "ESA à domicile"),
    ("social_benefit", "dossier APA"),
]),

D("053_pdf_fiche_liaison_saad", "home_help", "pdf", style="helvetica", title="Fiche de liaison", body=f"""# SAAD LES ROCHERS — FICHE DE LIAISON DOMICILE
Bénéficiaire : Mme Marcelle Lahitte     Née le : 04/12/1936
N° Sécu : {N53}
Adresse : 14 rue des Lilas, 40100 Dax   Tél. : 05 58 74 12 98
Contact famille : M. Éric Lahitte (fils) — 06 85 41 22 07 — eric.lahitte@free.fr

Interventions : matin 8 h - 9 h (lever, toilette, petit déjeuner, médicaments
sortis du pilulier), soir 18 h - 19 h (repas, coucher).
Particularités : se déplace avec un déambulateur, risque de chute ; mettre
les bas de contention le matin ; repas sans sucre (diabétique) ; porte des
protections la nuit ; malentendante, parler fort et en face.
Médicaments donnés par l'aide : pilulier préparé par l'infirmière (Metformine 500,
Amlodipine 5, Kardegic 75).
Aide financée par l'APA (plan de 40 h/mois) et la caisse de retraite.
""", m=[
    ("care_setting", "SAAD LES ROCHERS"),
    ("person_name", "Marcelle Lahitte"),
    ("birth_date", "04/12/1936"),
    ("nir", N53),
    ("address", "14 rue des Lilas, 40100 Dax"),
    ("phone", "05 58 74 12 98"),
    ("person_name", "Éric Lahitte"),
    ("phone", "06 85 41 22 07"),
    ("email", "eric.lahitte@free.fr"),
    ("disability_dependency", "lever, toilette, petit déjeuner, médicaments sortis du pilulier"),
    ("disability_dependency", "repas, coucher"),
    ("disability_dependency", "se déplace avec un déambulateur"),
    ("clinical_finding", "risque de chute"),
    ("procedure", "mettre les bas de contention le matin"),
    ("diagnosis", "diabétique"),
    ("disability_dependency", "porte des protections la nuit"),
    ("disability_dependency", "malentendante"),
    ("medication", "Metformine 500"),
    ("medication", "Amlodipine 5"),
    ("medication", "Kardegic 75"),
    ("social_benefit", "APA (plan de 40 h/mois)"),
    ("social_benefit", "caisse de retraite"),
], case=dict(purpose="medico_social_follow_up", to=["planning@saad-les-rochers.mssante.fr"], care_team=True, consent=False,
             why="Fiche de liaison interne au SAAD : médicaments à donner, dépendance, lieu et aides ; ni le diagnostic, ni l'acte (contention), ni le risque clinique.")),

D("054_pdf_courrier_cpam_ald", "physician", "pdf", style="dejavuserif", title="Protocole de soins", body="""== PROTOCOLE DE SOINS — DEMANDE D'ALD (extrait)
Assurée : Mme Christelle Ladeveze, 49 ans
Médecin traitant : Dr Antoine Bernard

Affection : cancer du sein gauche (carcinome canalaire infiltrant, RH+, HER2-),
diagnostiqué en août 2026.
Actes et traitements prévus :
  - tumorectomie avec ganglion sentinelle (réalisée le 02/10/2026)
  - radiothérapie adjuvante 15 séances
  - hormonothérapie par létrozole 2,5 mg pendant 5 ans
  - suivi oncologique et mammographie annuelle
Arrêt de travail en cours depuis le 28/09/2026.
""", m=[
    ("social_benefit", "ALD"),
    ("person_name", "Christelle Ladeveze"),
    ("person_name", "Antoine Bernard"),
    ("diagnosis", "cancer du sein gauche (carcinome canalaire infiltrant, RH+, HER2-)"),
    ("procedure", "tumorectomie avec ganglion sentinelle"),
    ("procedure", "radiothérapie adjuvante 15 séances"),
    ("medication", "hormonothérapie par létrozole 2,5 mg pendant 5 ans"),
    ("procedure", "suivi oncologique"),
    ("procedure", "mammographie annuelle"),
    ("sick_leave", "Arrêt de travail en cours depuis le 28/09/2026"),
], case=dict(purpose="social_follow_up", to=["sophie.caron@ccas-exemple.mssante.fr"], care_team=True, consent=False,
             why="L'assistante sociale aide aux droits (ALD, indemnités) : aides et arrêt de travail ; le diagnostic et le plan de traitement sont retirés.")),

D("055_pdf_compte_rendu_dialyse", "nurse", "pdf", style="courier", title="Séance de dialyse", body="""# CENTRE D'HÉMODIALYSE DE L'ADOUR — FICHE DE SÉANCE
Patient : M. Ahmed Benali       Séance du 24/11/2026
Abord : FAV radio-céphalique gauche, thrill perçu.

Poids avant : 71,8 kg   Poids sec : 69,5 kg   Poids après : 69,7 kg
UF programmée 2,2 l, durée 4 h, bain K 2.
TA début 158/82, TA fin 121/70. Crampes à H3, réglées.
Héparine : Lovenox 0,4 ml en début de séance.
Aranesp 40 µg IV en fin de séance. Hb 10,4 g/dl.
Diurèse résiduelle faible. Restriction hydrique rappelée (500 ml/j).
IDE : Caroline Mesplède
""", m=[
    ("care_setting", "CENTRE D'HÉMODIALYSE DE L'ADOUR"),
    ("person_name", "Ahmed Benali"),
    ("procedure", "FAV radio-céphalique gauche"),
    ("clinical_finding", "thrill perçu"),
    ("body_measure", "Poids avant : 71,8 kg"),
    ("body_measure", "Poids sec : 69,5 kg"),
    ("body_measure", "Poids après : 69,7 kg"),
    ("procedure", "UF programmée 2,2 l, durée 4 h, bain K 2"),
    ("clinical_finding", "TA début 158/82, TA fin 121/70"),
    ("clinical_finding", "Crampes à H3"),
    ("medication", "Lovenox 0,4 ml"),
    ("medication", "Aranesp 40 µg IV"),
    ("clinical_finding", "Hb 10,4 g/dl"),
    ("clinical_finding", "Diurèse résiduelle faible"),
    ("clinical_finding", "Restriction hydrique rappelée (500 ml/j)"),
    ("person_name", "Caroline Mesplède"),
]),

D("056_pdf_signalement_chute_ehpad", "nurse", "pdf", style="helvetica", title="Fiche chute", body="""# EHPAD SAINT-MICHEL — DÉCLARATION DE CHUTE
Résidente : Mme Gisèle Duvignau   Chambre 23   GIR 2
Date : 22/11/2026, 6 h 40, salle de bains

Circonstances : retrouvée au sol par l'aide-soignante, a voulu se lever seule
sans appeler. Pas de perte de connaissance.
Constat IDE : hématome du front, pas de plaie, mobilise les quatre membres.
Pouls 88, TA 135/80, glycémie 1,12 g/l.
Mesures : surveillance neurologique 24 h, information du médecin coordonnateur
(Dr Lesca) et de la fille. Réévaluation du risque de chute : 4e chute en 3 mois,
mise en place d'un détecteur de sortie de lit et de chaussons adaptés.
Traitement en cours à revoir : zopiclone 7,5 mg au coucher.
""", m=[
    ("care_setting", "EHPAD SAINT-MICHEL"),
    ("person_name", "Gisèle Duvignau"),
    ("disability_dependency", "GIR 2"),
    ("clinical_finding", "retrouvée au sol"),
    ("clinical_finding", "Pas de perte de connaissance", "neg"),
    ("clinical_finding", "hématome du front, pas de plaie, mobilise les quatre membres"),
    ("clinical_finding", "Pouls 88, TA 135/80, glycémie 1,12 g/l"),
    ("procedure", "surveillance neurologique 24 h"),
    ("person_name", "Lesca"),
    ("clinical_finding", "4e chute en 3 mois"),
    ("disability_dependency", "détecteur de sortie de lit et de chaussons adaptés"),
    ("medication", "zopiclone 7,5 mg au coucher"),
], case=dict(purpose="prevention", to=["dui@ehpad-saint-michel.mssante.fr"], care_team=True, consent=False,
             why="Déclaration versée au dossier usager (personnel médico-social) pour prévenir les chutes : dépendance et lieu ; constats cliniques, actes et médicament retirés.")),
]
