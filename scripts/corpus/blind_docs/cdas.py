"""CDA R2 documents 057-064 in the French shape (CI-SIS header: INS, author RPPS, custodian FINESS;
structured sections with a narrative <text>; some with coded entries)."""
from gen_blind import D, nir_compact

CIM10 = ("2.16.840.1.113883.6.3", "CIM-10")
ATC = ("2.16.840.1.113883.6.73", "ATC")
CCAM = ("1.2.250.1.213.2.5", "CCAM")


def P(given, family, base13, gender, birth, ipp=None, addr=None, telecom=()):
    return dict(given=given, family=family, nir=nir_compact(base13), gender=gender, birth=birth,
                ipp=ipp, addr=addr, telecom=list(telecom))


def A(given, family, rpps, prof, prof_code="G15_10/SM54", prefix="Dr"):
    return dict(given=given, family=family, rpps=rpps, prof=prof, prof_code=prof_code, prefix=prefix)


CH = dict(finess="400780193", name="Centre Hospitalier Exemple")

p57 = P("Marguerite", "LABADIE", "2 40 02 40 088 236", "F", "19400214", ipp="0078451236",
        addr=("7", "rue des Carmes", "40100", "DAX"), telecom=["tel:0558741177"])
p58 = P("Karim", "MANSOURI", "1 82 06 33 063 418", "M", "19820611", ipp="0081122334",
        telecom=["tel:0662184590"])
p59 = P("Raymonde", "SAINT-GERMAIN", "2 31 05 40 192 087", "F", "19310509",
        addr=("1", "avenue Saint-Michel", "40100", "DAX"))
p60 = P("Quentin", "LABORDE", "1 98 09 40 088 152", "M", "19980917", ipp="0090011223",
        addr=("18", "rue de la Tannerie", "40100", "DAX"))
p61 = P("Mathis", "DESPLAT", "1 14 04 40 088 301", "M", "20140422",
        addr=("5", "impasse des Tulipes", "40180", "NARROSSE"))
p62 = P("Nadia", "HADDAD", "2 95 10 99 126 111", "F", "19951016", telecom=["mailto:295109912611193@patient.mssante.fr"])
p63 = P("Élise", "MONTAUT", "2 93 07 40 088 274", "F", "19930703", ipp="0099887766",
        telecom=["tel:0698231144"])
p64 = P("Gilbert", "LAMARQUE", "1 47 01 40 046 333", "M", "19470128",
        addr=("30", "chemin de Poustagnac", "40990", "SAINT-PAUL-LÈS-DAX"))

DOCS = [
D("057_cda_ldl_sortie", "physician", "cda", cda=dict(
    code="11490-0", code_name="Lettre de liaison à la sortie", title="Lettre de liaison à la sortie d'un établissement de soins",
    time="20261120153000+0100", patient=p57,
    author=A("Hélène", "VASSEUR", "810101234567", "Médecin - Cardiologie et maladies vasculaires", "G15_10/SM04"),
    custodian=CH,
    sections=[
        dict(title="Motif de l'hospitalisation", code="46241-6", text="""        <paragraph>Décompensation cardiaque globale sur insuffisance cardiaque à FEVG altérée (FEVG 30 %), déclenchée par une fibrillation atriale rapide.</paragraph>"""),
        dict(title="Problèmes actifs", code="11450-4", text="""        <list>
          <item>Insuffisance cardiaque chronique (I50.9)</item>
          <item>Fibrillation atriale permanente</item>
          <item>Insuffisance rénale chronique stade 3b, DFG 38 ml/min</item>
        </list>""", entries=[("problem", "I50.9", *CIM10, "Insuffisance cardiaque chronique"),
                             ("problem", "I48.2", *CIM10, "Fibrillation atriale permanente")]),
        dict(title="Résultats d'examens", code="30954-2", text="""        <table>
          <thead><tr><th>Examen</th><th>Résultat</th></tr></thead>
          <tbody>
            <tr><td>NT-proBNP</td><td>5 800 pg/ml à l'entrée, 1 900 pg/ml à la sortie</td></tr>
            <tr><td>Kaliémie</td><td>4,6 mmol/l</td></tr>
            <tr><td>Poids</td><td>64 kg (entrée 69 kg)</td></tr>
          </tbody>
        </table>"""),
        dict(title="Traitements à la sortie", code="10183-2", text="""        <list>
          <item>Furosémide 80 mg le matin</item>
          <item>Xarelto 15 mg le soir</item>
          <item>Bisoprolol 5 mg le matin</item>
        </list>""", entries=[("med", "C03CA01", *ATC, "Furosémide"), ("med", "B01AF01", *ATC, "Rivaroxaban")]),
        dict(title="Plan de soins", code="18776-5", text="""        <paragraph>Pesée quotidienne par l'infirmier, alerte si prise de plus de 2 kg en 3 jours. Ionogramme à J7. Consultation de cardiologie dans un mois.</paragraph>"""),
    ]),
  m=[
    ("nir", p57["nir"]), ("ipp", "0078451236"), ("address", "7 rue des Carmes 40100 DAX"), ("phone", "0558741177"),
    ("person_name", "Marguerite LABADIE"), ("birth_date", "19400214"),
    ("rpps", "810101234567"), ("person_name", "Hélène VASSEUR"), ("finess", "400780193"),
    ("diagnosis", "Décompensation cardiaque globale"),
    ("diagnosis", "insuffisance cardiaque à FEVG altérée"), ("clinical_finding", "FEVG 30 %"),
    ("diagnosis", "fibrillation atriale rapide"),
    ("diagnosis", "Insuffisance cardiaque chronique (I50.9)"), ("diagnosis", "Insuffisance cardiaque chronique"),
    ("diagnosis", "Fibrillation atriale permanente"),
    ("diagnosis", "Insuffisance rénale chronique stade 3b"), ("clinical_finding", "DFG 38 ml/min"),
    ("clinical_finding", "NT-proBNP 5 800 pg/ml à l'entrée, 1 900 pg/ml à la sortie"),
    ("clinical_finding", "Kaliémie 4,6 mmol/l"), ("body_measure", "Poids 64 kg (entrée 69 kg)"),
    ("medication", "Furosémide 80 mg le matin"), ("medication", "Furosémide"), ("medication", "Xarelto 15 mg le soir"),
    ("medication", "Rivaroxaban"), ("medication", "Bisoprolol 5 mg le matin"),
    ("procedure", "Pesée quotidienne par l'infirmier"), ("clinical_finding", "prise de plus de 2 kg en 3 jours"),
    ("procedure", "Ionogramme à J7"), ("procedure", "Consultation de cardiologie"),
  ], case=dict(purpose="care_continuity", to=["dr.roux@cabinet-roux.mssante.fr"], care_team=True, consent=False,
               why="Lettre de liaison au médecin traitant de l'équipe de soins : tout est nécessaire.")),

D("058_cda_cr_consultation_vih", "physician", "cda", cda=dict(
    code="11488-4", code_name="Compte rendu de consultation", title="Compte rendu de consultation de maladies infectieuses",
    time="20261105101500+0100", patient=p58,
    author=A("Marc", "ITHURBIDE", "810102345678", "Médecin - Maladies infectieuses et tropicales", "G15_10/SM53"),
    custodian=CH,
    sections=[
        dict(title="Antécédents", code="11348-0", text="""        <paragraph>Infection par le VIH (B24), suivie depuis 2016, jamais de stade SIDA. Tuberculose latente traitée en 2017. Hypercholestérolémie.</paragraph>""",
             entries=[("problem", "B24", *CIM10, "Infection par le VIH"), ("problem", "E78.0", *CIM10, "Hypercholestérolémie")]),
        dict(title="Résultats", code="30954-2", text="""        <paragraph>CD4 à 540/mm³ (28 %), charge virale &lt; 20 copies/ml. LDL 1,62 g/l. Créatinine 88 µmol/l.</paragraph>"""),
        dict(title="Traitements", code="10160-0", text="""        <list>
          <item>Dovato 50/300 mg, 1 comprimé par jour</item>
          <item>rosuvastatine 5 mg le soir</item>
        </list>""", entries=[("med", "J05AR25", *ATC, "Dolutégravir et lamivudine")]),
        dict(title="Conclusion", code="55110-1", text="""        <paragraph>Patient en succès virologique. Demande d'avis cardiologique pour douleurs thoraciques atypiques à l'effort ; épreuve d'effort à programmer.</paragraph>"""),
    ]),
  m=[
    ("nir", p58["nir"]), ("ipp", "0081122334"), ("phone", "0662184590"),
    ("care_setting", "consultation de maladies infectieuses"),
    ("person_name", "Karim MANSOURI"), ("birth_date", "19820611"),
    ("rpps", "810102345678"), ("person_name", "Marc ITHURBIDE"), ("finess", "400780193"),
    ("diagnosis", "Infection par le VIH (B24)", "s"), ("diagnosis", "Infection par le VIH", "s"),
    ("diagnosis", "stade SIDA", "neg", "s"),
    ("diagnosis", "Tuberculose latente traitée en 2017"), ("diagnosis", "Hypercholestérolémie"),
    ("clinical_finding", "CD4 à 540/mm³ (28 %)", "s"), ("clinical_finding", "charge virale < 20 copies/ml", "s"),
    ("clinical_finding", "LDL 1,62 g/l"), ("clinical_finding", "Créatinine 88 µmol/l"),
    ("medication", "Dovato 50/300 mg, 1 comprimé par jour", "s"), ("medication", "rosuvastatine 5 mg le soir"),
    ("medication", "Dolutégravir et lamivudine", "s"),
    ("clinical_finding", "succès virologique", "s"),
    ("clinical_finding", "douleurs thoraciques atypiques à l'effort"), ("procedure", "épreuve d'effort"),
  ], case=dict(purpose="care_coordination", to=["cardiologie@ch-exemple.mssante.fr"], care_team=False, consent=True,
               why="Avis demandé au cardiologue hors équipe de soins avec le consentement du patient : tout le non-sensible passe, le VIH, son traitement et ses marqueurs (tier sensible) sont retirés.")),

D("059_cda_dlu_ehpad", "nurse", "cda", cda=dict(
    code="34133-9", code_name="Dossier de liaison d'urgence", title="Dossier de liaison d'urgence (DLU) — EHPAD Saint-Michel",
    time="20261128021000+0100", patient=p59,
    author=A("Sylvie", "LAGOUARDE", "810103456789", "Infirmier", "G15_60", prefix="IDE"),
    custodian=dict(finess="400012340", name="EHPAD Saint-Michel"),
    sections=[
        dict(title="Informations administratives", code="46240-8", text="""        <paragraph>Personne de confiance : M. Jacques Saint-Germain (fils), 06 12 90 45 67. Mesure de protection : aucune.</paragraph>"""),
        dict(title="Antécédents et problèmes", code="11450-4", text="""        <list>
          <item>Démence à corps de Lewy</item>
          <item>Diabète de type 2 non insulinorequérant</item>
          <item>Cancer colique opéré en 2009 (colectomie gauche)</item>
        </list>"""),
        dict(title="Traitements en cours", code="10160-0", text="""        <list>
          <item>Exelon 9,5 mg/24 h patch</item>
          <item>Januvia 100 mg le matin</item>
          <item>Movicol 1 sachet le matin</item>
        </list>"""),
        dict(title="Autonomie", code="47420-5", text="""        <paragraph>GIR 2. Marche avec aide d'une personne, fauteuil roulant pour les sorties. Troubles de la déglutition : eau gélifiée, repas mixé. Incontinence urinaire et fécale.</paragraph>"""),
        dict(title="Motif du transfert", code="46239-0", text="""        <paragraph>Dyspnée brutale à 1 h 30, SpO2 84 % en air ambiant, fièvre à 39,1 °C, suspicion de pneumopathie d'inhalation.</paragraph>"""),
    ]),
  m=[
    ("nir", p59["nir"]), ("address", "1 avenue Saint-Michel 40100 DAX"),
    ("person_name", "Raymonde SAINT-GERMAIN"), ("birth_date", "19310509"),
    ("rpps", "810103456789"), ("person_name", "Sylvie LAGOUARDE"), ("finess", "400012340"),
    ("care_setting", "EHPAD Saint-Michel"),
    ("person_name", "Jacques Saint-Germain"), ("phone", "06 12 90 45 67"),
    ("disability_dependency", "Mesure de protection : aucune", "neg"),
    ("diagnosis", "Démence à corps de Lewy"), ("diagnosis", "Diabète de type 2 non insulinorequérant"),
    ("diagnosis", "Cancer colique"), ("procedure", "colectomie gauche"),
    ("medication", "Exelon 9,5 mg/24 h patch"), ("medication", "Januvia 100 mg le matin"), ("medication", "Movicol 1 sachet le matin"),
    ("disability_dependency", "GIR 2"), ("disability_dependency", "Marche avec aide d'une personne"),
    ("disability_dependency", "fauteuil roulant pour les sorties"),
    ("clinical_finding", "Troubles de la déglutition"), ("disability_dependency", "eau gélifiée, repas mixé"),
    ("disability_dependency", "Incontinence urinaire et fécale"),
    ("clinical_finding", "Dyspnée brutale à 1 h 30"), ("clinical_finding", "SpO2 84 % en air ambiant"),
    ("clinical_finding", "fièvre à 39,1 °C"), ("diagnosis", "pneumopathie d'inhalation"),
  ], case=dict(purpose="care_continuity", to=["secretariat.medical@ch-exemple.mssante.fr"], care_team=True, consent=False,
               why="DLU envoyé aux urgences qui prennent le relais : tout est nécessaire.")),

D("060_cda_cr_cmp", "physician", "cda", cda=dict(
    code="11488-4", code_name="Compte rendu de consultation", title="Compte rendu de consultation — CMP adultes de Dax",
    time="20261112143000+0100", patient=p60,
    author=A("Anne", "POMAREZ", "810104567890", "Médecin - Psychiatrie", "G15_10/SM42"),
    custodian=dict(finess="400011235", name="CMP adultes de Dax"),
    sections=[
        dict(title="Motif", code="29299-5", text="""        <paragraph>Suivi d'un trouble bipolaire de type I, dernier épisode maniaque en 2025 ayant nécessité une hospitalisation.</paragraph>"""),
        dict(title="Examen", code="29545-1", text="""        <paragraph>Humeur stable, sommeil correct, pas d'idées suicidaires. Lithiémie à 0,8 mmol/l, TSH normale. Poids 79 kg, prise de 6 kg depuis l'introduction du traitement.</paragraph>"""),
        dict(title="Traitement", code="10160-0", text="""        <paragraph>Téralithe LP 400 mg, 2 comprimés le soir. Pas de modification.</paragraph>""",
             entries=[("med", "N05AN01", *ATC, "Lithium")]),
        dict(title="Projet", code="18776-5", text="""        <paragraph>Reprise d'une formation en alternance envisagée ; soutien par le DAC pour la recherche d'un logement autonome. Prochain rendez-vous au CMP dans 6 semaines.</paragraph>"""),
    ]),
  m=[
    ("nir", p60["nir"]), ("ipp", "0090011223"), ("address", "18 rue de la Tannerie 40100 DAX"),
    ("person_name", "Quentin LABORDE"), ("birth_date", "19980917"),
    ("rpps", "810104567890"), ("person_name", "Anne POMAREZ"), ("finess", "400011235"),
    ("care_setting", "CMP adultes de Dax", "s"),
    ("diagnosis", "trouble bipolaire de type I", "s"), ("diagnosis", "épisode maniaque", "s"),
    ("care_setting", "hospitalisation", "s"),
    ("clinical_finding", "Humeur stable, sommeil correct", "s"), ("clinical_finding", "idées suicidaires", "neg", "s"),
    ("clinical_finding", "Lithiémie à 0,8 mmol/l", "s"), ("clinical_finding", "TSH normale"),
    ("body_measure", "Poids 79 kg"), ("clinical_finding", "prise de 6 kg depuis l'introduction du traitement"),
    ("medication", "Téralithe LP 400 mg, 2 comprimés le soir", "s"), ("medication", "Lithium", "s"),
    ("care_setting", "CMP", "s"),
  ], case=dict(purpose="care_coordination", to=["coordination@dac-exemple.mssante.fr"], care_team=True, consent=False,
               why="Le DAC aide au logement : il garderait le diagnostic et les lieux, mais ici tout est du tier sensible (psychiatrie), réservé aux professionnels de santé ; l'identité seule passe.")),

D("061_cda_synthese_ime", "educator", "cda", cda=dict(
    code="34133-9", code_name="Synthèse", title="Synthèse du projet personnalisé d'accompagnement — IME Les Pins",
    time="20261016110000+0200", patient=p61,
    author=A("Amandine", "CAULE", "810105678901", "Éducateur spécialisé", "G15_EDUC", prefix="Mme"),
    custodian=dict(finess="400013447", name="IME Les Pins"),
    sections=[
        dict(title="Situation", code="46240-8", text="""        <paragraph>Mathis, 12 ans, accueilli à l'IME depuis 2021 en semi-internat. Famille domiciliée à Narrosse. Notification MDPH d'orientation en IME valable jusqu'en 2028 ; la famille perçoit l'AEEH avec complément 3.</paragraph>"""),
        dict(title="Autonomie", code="47420-5", text="""        <list>
          <item>Déficience intellectuelle moyenne</item>
          <item>Toilette : aide partielle</item>
          <item>Repas : autonome avec couverts adaptés</item>
          <item>Déplacements : transport adapté, ne traverse pas seul</item>
        </list>"""),
        dict(title="Santé", code="11450-4", text="""        <paragraph>Trisomie 21. Cardiopathie opérée dans la petite enfance (canal atrioventriculaire). Hypothyroïdie sous Lévothyrox 50 µg. Suivi ORL pour otites séreuses.</paragraph>""",
             entries=[("problem", "Q90.9", *CIM10, "Trisomie 21")]),
        dict(title="Objectifs", code="18776-5", text="""        <paragraph>Apprentissage de l'utilisation du téléphone ; préparation d'une orientation en IMPro.</paragraph>"""),
    ]),
  m=[
    ("nir", p61["nir"]), ("address", "5 impasse des Tulipes 40180 NARROSSE"),
    ("person_name", "Mathis DESPLAT"), ("birth_date", "20140422"),
    ("rpps", "810105678901"), ("person_name", "Amandine CAULE"), ("finess", "400013447"),
    ("care_setting", "IME Les Pins"), ("person_name", "Mathis"), ("care_setting", "IME"),
    ("care_setting", "semi-internat"), ("address", "Narrosse"),
    ("disability_dependency", "Notification MDPH d'orientation en IME valable jusqu'en 2028"),
    ("social_benefit", "AEEH avec complément 3"),
    ("disability_dependency", "Déficience intellectuelle moyenne"), ("disability_dependency", "Toilette : aide partielle"),
    ("disability_dependency", "Repas : autonome avec couverts adaptés"),
    ("disability_dependency", "transport adapté, ne traverse pas seul"),
    ("diagnosis", "Trisomie 21", "s"),
    ("diagnosis", "Cardiopathie opérée dans la petite enfance (canal atrioventriculaire)"),
    ("diagnosis", "Hypothyroïdie"), ("medication", "Lévothyrox 50 µg"),
    ("procedure", "Suivi ORL"), ("diagnosis", "otites séreuses"),
    ("care_setting", "IMPro"),
  ], case=dict(purpose="medico_social_follow_up", to=["educ.ime@ime-les-pins.mssante.fr"], care_team=True, consent=False,
               why="Synthèse versée à l'équipe éducative de l'IME : dépendance, lieux, aides et traitement à donner ; le diagnostic (trisomie 21 : génétique, tier sensible), la cardiopathie et le suivi ORL ne leur sont pas nécessaires.")),

D("062_cda_cr_biologie_patient", "physician", "cda", cda=dict(
    code="11502-2", code_name="Compte rendu d'examens biologiques", title="Compte rendu d'examens de biologie médicale",
    time="20261102080000+0100", patient=p62,
    author=A("Jean", "LAFARGUE", "810106789012", "Pharmacien - Biologie médicale", "G15_21/SM26"),
    custodian=dict(finess="400014338", name="Laboratoire de biologie médicale des Landes"),
    sections=[
        dict(title="Hématologie", code="18723-7", text="""        <table>
          <tbody>
            <tr><td>Hémoglobine</td><td>11,2 g/dl</td><td>(12,0 - 16,0)</td></tr>
            <tr><td>Ferritine</td><td>12 µg/l</td><td>(15 - 150)</td></tr>
          </tbody>
        </table>"""),
        dict(title="Endocrinologie", code="18719-5", text="""        <table>
          <tbody>
            <tr><td>TSH</td><td>2,1 mUI/l</td><td>(0,4 - 4,0)</td></tr>
            <tr><td>β-HCG</td><td>&lt; 2 UI/l</td><td>négatif</td></tr>
          </tbody>
        </table>"""),
    ]),
  m=[
    ("nir", p62["nir"]), ("email", "295109912611193@patient.mssante.fr"),
    ("person_name", "Nadia HADDAD"), ("birth_date", "19951016"),
    ("rpps", "810106789012"), ("person_name", "Jean LAFARGUE"), ("finess", "400014338"),
    ("clinical_finding", "Hémoglobine 11,2 g/dl"), ("clinical_finding", "Ferritine 12 µg/l"),
    ("clinical_finding", "TSH 2,1 mUI/l"), ("clinical_finding", "β-HCG < 2 UI/l négatif", "neg", "s"),
  ], case=dict(purpose="care_coordination", to=["295109912611193@patient.mssante.fr"], care_team=False, consent=False,
               why="Résultats envoyés à la patiente elle-même : tout lui est dû (L1111-7), tier sensible compris.")),

D("063_cda_suivi_grossesse", "physician", "cda", cda=dict(
    code="11488-4", code_name="Compte rendu de consultation", title="Consultation prénatale du 4e mois",
    time="20261109093000+0100", patient=p63,
    author=A("Pauline", "DARRIGRAND", "810107890123", "Médecin - Gynécologie-obstétrique", "G15_10/SM20"),
    custodian=CH,
    sections=[
        dict(title="Grossesse en cours", code="57078-8", text="""        <paragraph>G2P1, grossesse de 17 SA, DDR le 10/07/2026. Terme prévu le 16/04/2027. Antécédent de césarienne en 2023 pour siège.</paragraph>"""),
        dict(title="Examen", code="29545-1", text="""        <paragraph>TA 112/68, poids 64 kg (+3 kg), hauteur utérine 16 cm, BCF perçus. Dépistage combiné de la trisomie 21 : risque faible (1/8 500). Toxoplasmose non immune : sérologie mensuelle.</paragraph>"""),
        dict(title="Traitement", code="10160-0", text="""        <paragraph>Spéciafoldine 0,4 mg par jour, Uvedose 100 000 UI au 7e mois.</paragraph>"""),
        dict(title="Arrêt de travail", code="80565-5", text="""        <paragraph>Arrêt de travail de 15 jours pour lombalgies, du 09/11 au 23/11/2026.</paragraph>"""),
    ]),
  m=[
    ("nir", p63["nir"]), ("ipp", "0099887766"), ("phone", "0698231144"),
    ("person_name", "Élise MONTAUT"), ("birth_date", "19930703"),
    ("rpps", "810107890123"), ("person_name", "Pauline DARRIGRAND"), ("finess", "400780193"),
    ("procedure", "Consultation prénatale du 4e mois", "s"),
    ("clinical_finding", "Grossesse en cours", "s"), ("sick_leave", "Arrêt de travail"),
    ("clinical_finding", "G2P1", "s"), ("clinical_finding", "grossesse de 17 SA", "s"), ("clinical_finding", "DDR le 10/07/2026", "s"),
    ("clinical_finding", "Terme prévu le 16/04/2027", "s"), ("procedure", "césarienne en 2023 pour siège", "s"),
    ("clinical_finding", "TA 112/68"), ("body_measure", "poids 64 kg (+3 kg)"),
    ("clinical_finding", "hauteur utérine 16 cm, BCF perçus", "s"),
    ("procedure", "Dépistage combiné de la trisomie 21", "s"), ("clinical_finding", "risque faible (1/8 500)", "s"),
    ("clinical_finding", "Toxoplasmose non immune"), ("procedure", "sérologie mensuelle"),
    ("medication", "Spéciafoldine 0,4 mg par jour"), ("medication", "Uvedose 100 000 UI au 7e mois"),
    ("sick_leave", "Arrêt de travail de 15 jours"), ("diagnosis", "lombalgies"),
    ("sick_leave", "du 09/11 au 23/11/2026"),
  ], case=dict(purpose="care_coordination", to=["ines.morel@ch-exemple.mssante.fr"], care_team=True, consent=False,
               why="La sage-femme de la maternité qui suit la grossesse est dans l'équipe de soins : tout passe, tier sensible compris.")),

D("064_cda_vaccination", "nurse", "cda", cda=dict(
    code="87273-9", code_name="Note de vaccination", title="Note de vaccination",
    time="20261015103000+0200", patient=p64,
    author=A("Claire", "LEFEVRE", "819900000011", "Pharmacien", "G15_21", prefix="Mme"),
    custodian=dict(finess="400015145", name="Pharmacie du Marché"),
    sections=[
        dict(title="Vaccinations", code="11369-6", text="""        <paragraph>Vaccin antigrippal Vaxigrip Tetra, 1 dose IM deltoïde gauche, lot W2B731. Vaccin contre la COVID-19 Comirnaty, même séance, deltoïde droit.</paragraph>""",
             entries=[("proc", "ZZLP025", *CCAM, "Injection intramusculaire")]),
        dict(title="Antécédents utiles", code="11348-0", text="""        <paragraph>BPCO, pas d'allergie connue, pas de réaction aux vaccins antérieurs.</paragraph>"""),
    ]),
  m=[
    ("nir", p64["nir"]), ("address", "30 chemin de Poustagnac 40990 SAINT-PAUL-LÈS-DAX"),
    ("person_name", "Gilbert LAMARQUE"), ("birth_date", "19470128"),
    ("rpps", "819900000011"), ("person_name", "Claire LEFEVRE"), ("finess", "400015145"),
    ("procedure", "Vaccin antigrippal Vaxigrip Tetra, 1 dose IM deltoïde gauche"),
    ("procedure", "Vaccin contre la COVID-19 Comirnaty"), ("procedure", "Injection intramusculaire"),
    ("diagnosis", "BPCO"), ("diagnosis", "allergie", "neg"), ("clinical_finding", "réaction aux vaccins antérieurs", "neg"),
  ], case=dict(purpose="prevention", to=["sophie.caron@ccas-exemple.mssante.fr"], care_team=True, consent=False,
               why="En prévention l'assistante sociale n'a besoin que de l'identité, de la dépendance, du lieu et des aides : la note de vaccination perd tout son contenu de santé.")),
]
