"""Plain-text documents 001-017 (physicians, nurses)."""
from gen_blind import D, nir

N1 = nir("1 49 06 40 088 217")
N2 = nir("2 38 11 33 063 145")
N5 = nir("1 71 02 64 445 028")
N9 = nir("2 88 04 40 192 066")

DOCS = [
D("001_cr_cardio", "physician", "text", f"""Centre Hospitalier de Dax — Service de cardiologie
Dr Hélène Vasseur, cardiologue — RPPS 10101234567

Dax, le 12 octobre 2026

Cher confrère,

J'ai revu en consultation M. Gérard Lassalle, né le 14/06/1949 (NIR {N1}), que vous m'aviez adressé pour dyspnée d'effort.

Antécédents : HTA depuis 2008, DT2 sous antidiabétiques oraux, infarctus inférieur en 2019 traité par angioplastie avec pose de stent sur la coronaire droite. Ancien fumeur (30 PA, sevré en 2019).

Il décrit un essoufflement à la montée d'un étage et des œdèmes des chevilles le soir. Il a pris 4 kg en un mois. Pas de douleur thoracique.

Examen : TA 148/86 mmHg, FC 92/min, poids 88 kg pour 1,74 m. Crépitants aux deux bases.
ETT : FEVG à 35 %, hypokinésie inférolatérale. NT-proBNP à 2 340 pg/ml. Clairance de la créatinine à 48 ml/min.

Conclusion : insuffisance cardiaque à FEVG altérée, d'origine ischémique.

Je propose :
- Entresto 49/51 mg matin et soir (en remplacement du ramipril)
- bisoprolol 2,5 mg le matin
- furosémide 40 mg le matin
- Kardegic 75 mg, à poursuivre
- metformine 850 mg matin et soir, inchangée

Contrôle de la kaliémie et de la créatinine dans 10 jours. Je le reverrai dans trois mois avec une nouvelle échographie.

Bien confraternellement,
Dr H. Vasseur
""", m=[
    ("care_setting", "Service de cardiologie"),
    ("person_name", "Hélène Vasseur"),
    ("rpps", "10101234567"),
    ("person_name", "Gérard Lassalle"),
    ("birth_date", "14/06/1949"),
    ("nir", N1),
    ("clinical_finding", "dyspnée d'effort"),
    ("diagnosis", "HTA"),
    ("diagnosis", "DT2"),
    ("medication", "antidiabétiques oraux"),
    ("diagnosis", "infarctus inférieur"),
    ("procedure", "angioplastie avec pose de stent sur la coronaire droite"),
    ("clinical_finding", "Ancien fumeur (30 PA, sevré en 2019)"),
    ("clinical_finding", "essoufflement à la montée d'un étage"),
    ("clinical_finding", "œdèmes des chevilles le soir"),
    ("clinical_finding", "Il a pris 4 kg en un mois"),
    ("clinical_finding", "douleur thoracique", "neg"),
    ("clinical_finding", "TA 148/86 mmHg"),
    ("clinical_finding", "FC 92/min"),
    ("body_measure", "poids 88 kg"),
    ("body_measure", "1,74 m"),
    ("clinical_finding", "Crépitants aux deux bases"),
    ("procedure", "ETT"),
    ("clinical_finding", "FEVG à 35 %"),
    ("clinical_finding", "hypokinésie inférolatérale"),
    ("clinical_finding", "NT-proBNP à 2 340 pg/ml"),
    ("clinical_finding", "Clairance de la créatinine à 48 ml/min"),
    ("diagnosis", "insuffisance cardiaque à FEVG altérée, d'origine ischémique"),
    ("medication", "Entresto 49/51 mg matin et soir"),
    ("medication", "ramipril"),
    ("medication", "bisoprolol 2,5 mg le matin"),
    ("medication", "furosémide 40 mg le matin"),
    ("medication", "Kardegic 75 mg"),
    ("medication", "metformine 850 mg matin et soir"),
    ("procedure", "Contrôle de la kaliémie et de la créatinine"),
    ("procedure", "échographie"),
    ("person_name", "H. Vasseur"),
], case=dict(purpose="care_coordination", to=["antoine.bernard@medecin.mssante.fr"], care_team=True,
             consent=False, verdict="pass",
             why="Réponse du cardiologue au médecin traitant qui a adressé le patient : tout le contenu sert la coordination des soins.")),

D("002_transmissions_ssiad", "nurse", "text", """SSIAD du Pays d'Orthe — transmissions ciblées
Patiente : Mme Odette Lamarque, 91 ans, 4 chemin de Lahitte, 40300 Peyrehorade

Lundi 5/10 — IDE Marion
Cible : escarre talon droit. Pansement d'escarre refait (Urgotul + compresse), plaie propre, stade 2, 2 x 3 cm. Pas d'écoulement.
Cible : alimentation. A mangé la moitié du plateau. Boit peu, à stimuler.

Mardi 6/10 — AS Kévin
Toilette complète au lit, effleurage des points d'appui. Change de protection x2, urines foncées. Mme Lamarque est restée au fauteuil 1 h.

Mercredi 7/10 — IDE Marion
Dextro à jeun 2,1 g/l. Insuline Lantus 14 UI faite. Prévenu le Dr Sarrade pour adaptation.
Pesée : 47,5 kg (49 kg le mois dernier).
Cible : confusion. Ne reconnaissait pas sa fille ce matin, désorientée dans le temps. À surveiller, pas de fièvre (T 36,9 °C).

Jeudi 8/10 — AS Kévin
Refus de la toilette. Transfert lit-fauteuil à deux. GIR 2.
""", m=[
    ("care_setting", "SSIAD du Pays d'Orthe"),
    ("person_name", "Odette Lamarque"),
    ("address", "4 chemin de Lahitte, 40300 Peyrehorade"),
    ("person_name", "Marion", ),
    ("clinical_finding", "escarre talon droit"),
    ("procedure", "Pansement d'escarre refait (Urgotul + compresse)"),
    ("procedure", "effleurage des points d'appui"),
    ("clinical_finding", "plaie propre, stade 2, 2 x 3 cm"),
    ("clinical_finding", "Pas d'écoulement"),
    ("clinical_finding", "A mangé la moitié du plateau"),
    ("clinical_finding", "Boit peu"),
    ("person_name", "Kévin"),
    ("disability_dependency", "Toilette complète au lit"),
    ("disability_dependency", "Change de protection x2"),
    ("clinical_finding", "urines foncées"),
    ("person_name", "Lamarque"),
    ("clinical_finding", "Dextro à jeun 2,1 g/l"),
    ("medication", "Insuline Lantus 14 UI"),
    ("person_name", "Sarrade"),
    ("body_measure", "Pesée : 47,5 kg (49 kg le mois dernier)"),
    ("clinical_finding", "confusion"),
    ("clinical_finding", "Ne reconnaissait pas sa fille ce matin, désorientée dans le temps"),
    ("clinical_finding", "fièvre", "neg"),
    ("clinical_finding", "T 36,9 °C"),
    ("disability_dependency", "Transfert lit-fauteuil à deux"),
    ("disability_dependency", "GIR 2"),
], case=dict(purpose="medico_social_follow_up", to=["planning@saad-les-rochers.mssante.fr"], care_team=True,
             consent=False,
             why="Le SAAD qui intervient chez la patiente a besoin de la dépendance, du poids et des médicaments ; pas des plaies, glycémies ni de la confusion décrite cliniquement.")),

D("003_sortie_chirurgie", "physician", "text", f"""COMPTE RENDU D'HOSPITALISATION
Service de chirurgie digestive — Clinique des Landes
Patiente : ROUSSEL Micheline, née le 02/11/1938
NIR : {N2}   IPP : 0045127893
Séjour du 21/09/2026 au 26/09/2026

Motif : douleurs de l'hypocondre droit fébriles.
Diagnostic : cholécystite aiguë lithiasique.
Intervention le 22/09 : cholécystectomie par cœlioscopie, sans incident. Pas de conversion.
Suites simples. Reprise du transit à J2. Cicatrices propres.
Biologie de sortie : CRP à 18 mg/l, leucocytes 8 200/mm³.

Antécédents : fibrillation auriculaire sous Xarelto 15 mg (relais HBPM en péri-opératoire, reprise à J2), hypothyroïdie sous Lévothyrox 75 µg, arthrose des genoux.
Allergie : pénicilline (urticaire).

Traitement de sortie :
Doliprane 1 g jusqu'à 3 fois par jour si douleur
Xarelto 15 mg le soir
Lévothyrox 75 µg le matin à jeun
Soins infirmiers : ablation des fils à J10 par l'IDE à domicile.

Pas d'arrêt de travail (retraitée). Consultation de contrôle avec le Dr Fabre dans un mois.
""", m=[
    ("care_setting", "Service de chirurgie digestive"),
    ("person_name", "ROUSSEL Micheline"),
    ("birth_date", "02/11/1938"),
    ("nir", N2),
    ("ipp", "0045127893"),
    ("clinical_finding", "douleurs de l'hypocondre droit fébriles"),
    ("diagnosis", "cholécystite aiguë lithiasique"),
    ("procedure", "cholécystectomie par cœlioscopie"),
    ("procedure", "conversion", "neg"),
    ("clinical_finding", "Reprise du transit à J2"),
    ("clinical_finding", "Suites simples"),
    ("clinical_finding", "Cicatrices propres"),
    ("clinical_finding", "CRP à 18 mg/l"),
    ("clinical_finding", "leucocytes 8 200/mm³"),
    ("diagnosis", "fibrillation auriculaire"),
    ("medication", "Xarelto 15 mg"),
    ("medication", "HBPM"),
    ("diagnosis", "hypothyroïdie"),
    ("medication", "Lévothyrox 75 µg"),
    ("diagnosis", "arthrose des genoux"),
    ("diagnosis", "Allergie : pénicilline (urticaire)"),
    ("medication", "Doliprane 1 g jusqu'à 3 fois par jour si douleur"),
    ("procedure", "ablation des fils à J10"),
    ("sick_leave", "arrêt de travail", "neg"),
    ("person_name", "Fabre"),
], case=dict(purpose="care_continuity", to=["paul.girard@infirmier.mssante.fr"], care_team=True, consent=False,
             why="L'infirmier libéral qui assure les soins à domicile après la sortie prend le relais : état de santé complet.")),

D("004_note_ide_liberale", "nurse", "text", """Cabinet infirmier Lesbats-Pujol
Passage du 3 novembre, 7 h 45 — M. René Capdeville

Glycémie capillaire 1,86 g/l avant petit-déjeuner. Injection de Novorapid 8 UI selon protocole. Lantus 22 UI le soir par l'épouse.
Pied gauche : ulcère de la face plantaire en voie de cicatrisation, pansement hydrocellulaire changé. Pas de signe d'infection.
Il dit qu'il se lève trois ou quatre fois la nuit pour uriner et qu'il a du mal à se rendormir.
TA 132/78. Poids stable à 74 kg.
Prochain passage demain même heure. RDV podologue le 12.

Sandrine Pujol, IDE — ADELI 409876543
06 45 12 78 90
""", m=[
    ("person_name", "René Capdeville"),
    ("clinical_finding", "Glycémie capillaire 1,86 g/l avant petit-déjeuner"),
    ("medication", "Novorapid 8 UI"),
    ("medication", "Lantus 22 UI le soir"),
    ("clinical_finding", "ulcère de la face plantaire en voie de cicatrisation"),
    ("procedure", "pansement hydrocellulaire changé"),
    ("clinical_finding", "signe d'infection", "neg"),
    ("clinical_finding", "il se lève trois ou quatre fois la nuit pour uriner"),
    ("clinical_finding", "il a du mal à se rendormir"),
    ("clinical_finding", "TA 132/78"),
    ("body_measure", "Poids stable à 74 kg"),
    ("person_name", "Sandrine Pujol"),
    ("adeli", "409876543"),
    ("phone", "06 45 12 78 90"),
]),

D("005_lettre_adressage_psy", "physician", "text", f"""Dr Antoine Bernard
Médecin généraliste
12 rue des Arènes, 40100 Dax
Tél. 05 58 74 21 36

Dax, le 28 septembre 2026

Chère consœur,

Je vous adresse M. Yannick Darrigade, 55 ans (NIR {N5}), pour avis et prise en charge.
Depuis son licenciement en mai, il présente une humeur triste, une perte d'intérêt, des réveils précoces vers 4 h, et a perdu 7 kg en trois mois. Il évoque des idées de mort sans scénario suicidaire.
Antécédent d'épisode dépressif caractérisé en 2014, traité par sertraline pendant un an.
Consommation d'alcool en hausse, environ 6 verres par jour (AUDIT à 18).
Je lui ai prescrit escitalopram 10 mg et l'ai placé en arrêt de travail jusqu'au 31 octobre. Il est en ALD pour un diabète de type 2 équilibré (HbA1c à 6,8 %).
Pas d'antécédent familial de trouble bipolaire.

Pourriez-vous le recevoir au CMP rapidement ?

Bien confraternellement,
Dr A. Bernard — RPPS 19900000029
""", m=[
    ("person_name", "Antoine Bernard"),
    ("address", "12 rue des Arènes, 40100 Dax"),
    ("phone", "05 58 74 21 36"),
    ("person_name", "Yannick Darrigade"),
    ("nir", N5),
    ("clinical_finding", "humeur triste", "s"),
    ("clinical_finding", "perte d'intérêt", "s"),
    ("clinical_finding", "réveils précoces vers 4 h", "s"),
    ("clinical_finding", "a perdu 7 kg en trois mois"),
    ("clinical_finding", "idées de mort sans scénario suicidaire", "s"),
    ("diagnosis", "épisode dépressif caractérisé", "s"),
    ("medication", "sertraline", "s"),
    ("clinical_finding", "Consommation d'alcool en hausse, environ 6 verres par jour", "s"),
    ("clinical_finding", "AUDIT à 18", "s"),
    ("medication", "escitalopram 10 mg", "s"),
    ("sick_leave", "arrêt de travail jusqu'au 31 octobre"),
    ("social_benefit", "ALD"),
    ("diagnosis", "diabète de type 2"),
    ("clinical_finding", "HbA1c à 6,8 %"),
    ("diagnosis", "trouble bipolaire", "neg", "s"),
    ("care_setting", "CMP", "s"),
    ("person_name", "A. Bernard"),
    ("rpps", "19900000029"),
], case=dict(purpose="care_coordination", to=["psy.durand@psy-exemple.mssante.fr"], care_team=True, consent=False,
             why="Variante : la lettre part aussi au psychologue du suivi ; il reçoit le diagnostic (dans l'équipe de soins, tier sensible permis) mais ni traitements, ni examens, ni l'arrêt de travail.")),

D("006_cahier_liaison_domicile", "home_help", "text", """Cahier de liaison — domicile de Mme Pinsolle

Mardi
Passée à 9h. Mme Pinsolle était encore au lit, elle avait mal au dos. Je l'ai aidée pour la toilette au lavabo et l'habillage. Petit déjeuner pris : café et une biscotte seulement.
J'ai sorti le pilulier de la semaine, elle a pris ses cachets du matin devant moi.
Courses faites (liste sur le frigo). Reste 12 € dans la boîte.
— Nadia

Mercredi
Elle m'a dit qu'elle était tombée hier soir dans la salle de bains, elle a un bleu sur le bras. Elle n'a pas voulu qu'on appelle le médecin. J'ai prévenu sa fille, Mme Claverie, au 06 12 44 87 03.
Elle oublie ses repas : le plat de midi d'hier était encore dans le frigo.
— Nadia

Jeudi
Ménage + linge. Mme Pinsolle était plus en forme, a fait un tour dans le jardin avec son déambulateur.
— Josiane
""", m=[
    ("person_name", "Pinsolle"),
    ("clinical_finding", "elle avait mal au dos"),
    ("disability_dependency", "Je l'ai aidée pour la toilette au lavabo et l'habillage"),
    ("clinical_finding", "Petit déjeuner pris : café et une biscotte seulement"),
    ("disability_dependency", "J'ai sorti le pilulier de la semaine, elle a pris ses cachets du matin devant moi"),
    ("person_name", "Nadia"),
    ("clinical_finding", "elle était tombée hier soir dans la salle de bains"),
    ("clinical_finding", "elle a un bleu sur le bras"),
    ("person_name", "Claverie"),
    ("phone", "06 12 44 87 03"),
    ("clinical_finding", "Elle oublie ses repas"),
    ("disability_dependency", "avec son déambulateur"),
    ("person_name", "Josiane"),
]),

D("007_certificat_mdph", "physician", "text", """Certificat médical — extrait, pour la MDPH des Landes
Enfant : Lilou Etcheverry, née le 19/03/2018
Médecin : Dr Claire Mondin, pédiatre, CAMSP de Dax

Pathologie motivant la demande : trouble du spectre de l'autisme (TSA) diagnostiqué en 2022, avec retard de langage.
Éléments cliniques : pas de langage oral fonctionnel, quelques mots isolés ; troubles du sommeil avec endormissement tardif ; sélectivité alimentaire importante (ne mange que des aliments lisses). Pas d'épilepsie.
Traitement : mélatonine 2 mg le soir.
Prises en charge : orthophonie 2 fois par semaine, psychomotricité hebdomadaire, suivie au CAMSP depuis 2021, scolarisée en ULIS-école avec AESH 12 h par semaine.
Retentissement : besoin d'une aide pour l'habillage, la toilette et les repas ; ne perçoit pas le danger dans la rue ; non propre la nuit.
Demande : renouvellement de l'AEEH et de son complément, orientation en IME à partir de la rentrée 2027.
""", m=[
    ("person_name", "Lilou Etcheverry"),
    ("birth_date", "19/03/2018"),
    ("person_name", "Claire Mondin"),
    ("care_setting", "CAMSP de Dax"),
    ("diagnosis", "trouble du spectre de l'autisme (TSA)"),
    ("diagnosis", "retard de langage"),
    ("clinical_finding", "pas de langage oral fonctionnel, quelques mots isolés"),
    ("clinical_finding", "troubles du sommeil avec endormissement tardif"),
    ("clinical_finding", "sélectivité alimentaire importante (ne mange que des aliments lisses)"),
    ("diagnosis", "épilepsie", "neg"),
    ("medication", "mélatonine 2 mg le soir"),
    ("procedure", "orthophonie 2 fois par semaine"),
    ("procedure", "psychomotricité hebdomadaire"),
    ("care_setting", "CAMSP"),
    ("care_setting", "ULIS-école"),
    ("disability_dependency", "AESH 12 h par semaine"),
    ("disability_dependency", "besoin d'une aide pour l'habillage, la toilette et les repas"),
    ("disability_dependency", "ne perçoit pas le danger dans la rue"),
    ("disability_dependency", "non propre la nuit"),
    ("social_benefit", "AEEH et de son complément"),
    ("care_setting", "IME"),
], case=dict(purpose="medico_social_follow_up", to=["educ.ime@ime-les-pins.mssante.fr"], care_team=True, consent=False,
             why="L'IME qui prépare l'admission a besoin de la dépendance, du lieu d'accueil, des aides et du traitement à donner ; pas du diagnostic ni des éléments cliniques.")),

D("008_transmission_ehpad_nuit", "nurse", "text", """EHPAD Les Magnolias — Unité Alzheimer — transmissions de nuit du 14 au 15/11

Ch. 12 — M. Duhau Fernand : déambulation de 23 h à 2 h, agité, cherche la sortie. Risperdal 0,5 mg donné à 23 h 30 selon prescription si besoin. Endormi vers 2 h 15. Protection changée x2, selles.
Ch. 14 — Mme Laborde Ginette : RAS, a dormi toute la nuit.
Ch. 17 — Mme Cazaux Simone : toux grasse, sat 91 % en AA, T 38,2 °C à 4 h. Doliprane 1 g donné. Appel du médecin d'astreinte, Dr Lamothe : mise sous O2 2 l/min, bilan sanguin demain matin. Encombrée, fausses routes à l'eau : eau gélifiée.
Ch. 21 — M. Nogues Albert : chute à 5 h en allant aux toilettes sans sa canne, retrouvé assis au sol, pas de plaie, pas de douleur à la mobilisation. Surveillance. 3e chute ce mois-ci.

IDE de nuit : Fabienne
""", m=[
    ("care_setting", "EHPAD Les Magnolias"),
    ("care_setting", "Unité Alzheimer"),
    ("person_name", "Duhau Fernand"),
    ("clinical_finding", "déambulation de 23 h à 2 h, agité, cherche la sortie"),
    ("medication", "Risperdal 0,5 mg", "s"),
    ("disability_dependency", "Protection changée x2"),
    ("person_name", "Laborde Ginette"),
    ("person_name", "Cazaux Simone"),
    ("clinical_finding", "toux grasse"),
    ("clinical_finding", "sat 91 % en AA"),
    ("clinical_finding", "T 38,2 °C"),
    ("medication", "Doliprane 1 g"),
    ("person_name", "Lamothe"),
    ("procedure", "mise sous O2 2 l/min"),
    ("procedure", "bilan sanguin"),
    ("clinical_finding", "Encombrée"),
    ("clinical_finding", "fausses routes à l'eau"),
    ("disability_dependency", "eau gélifiée"),
    ("person_name", "Nogues Albert"),
    ("clinical_finding", "chute à 5 h en allant aux toilettes"),
    ("disability_dependency", "sans sa canne"),
    ("clinical_finding", "pas de plaie, pas de douleur à la mobilisation", "neg"),
    ("clinical_finding", "3e chute ce mois-ci"),
    ("clinical_finding", "retrouvé assis au sol"),
    ("person_name", "Fabienne"),
]),

D("009_ivg_courrier", "physician", "text", f"""Centre de santé sexuelle — Hôpital de Mont-de-Marsan
Dr Sophie Larrieu, gynécologue

À l'attention de la sage-femme de la maternité

Mme Laura Dufau, née le 23/04/1988, NIR {N9}, G3P1, a bénéficié d'une IVG médicamenteuse à 6 SA le 2 novembre (mifépristone 600 mg puis misoprostol 400 µg). Échographie de contrôle le 16/11 : vacuité utérine.
Groupe sanguin O Rhésus négatif : injection de Rhophylac 200 µg faite.
Contraception : pose d'un DIU au cuivre prévue. Sérologies VIH et hépatite B négatives.
Pas d'arrêt de travail demandé.
""", m=[
    ("care_setting", "Centre de santé sexuelle", "s"),
    ("person_name", "Sophie Larrieu"),
    ("person_name", "Laura Dufau"),
    ("birth_date", "23/04/1988"),
    ("nir", N9),
    ("clinical_finding", "G3P1", "s"),
    ("procedure", "IVG médicamenteuse à 6 SA", "s"),
    ("medication", "mifépristone 600 mg", "s"),
    ("medication", "misoprostol 400 µg", "s"),
    ("procedure", "Échographie de contrôle", "s"),
    ("clinical_finding", "vacuité utérine", "s"),
    ("clinical_finding", "Groupe sanguin O Rhésus négatif"),
    ("medication", "Rhophylac 200 µg"),
    ("procedure", "pose d'un DIU au cuivre", "s"),
    ("clinical_finding", "Sérologies VIH et hépatite B négatives", "neg", "s"),
    ("sick_leave", "arrêt de travail", "neg"),
], case=dict(purpose="care_continuity", to=["ines.morel@ch-exemple.mssante.fr"], care_team=False, consent=True,
             why="La sage-femme est professionnelle de santé mais hors de l'équipe de soins : le consentement ne suffit pas pour le tier sensible (IVG, sérologies), seuls l'identité et les données non sensibles partent.")),

D("010_note_psychologue", "psychologist", "text", """Note de suivi psychologique — ESAT Les Ateliers du Bas-Adour
Personne accompagnée : Kévin Lalanne, 34 ans, travailleur en atelier espaces verts

Entretien du 9/10. Kévin dit être « fatigué de tout » depuis le décès de sa mère en août. Il pleure en évoquant les fêtes à venir. Il dort mal, mange peu le midi au restaurant de l'ESAT.
Il exprime une angoisse forte à l'idée de changer d'équipe. Les moniteurs notent qu'il s'isole à la pause.
Rappel : déficience intellectuelle légère, reconnaissance RQTH, perçoit l'AAH. Vit en foyer d'hébergement.
Pas d'idées suicidaires exprimées.
Proposition : entretiens hebdomadaires pendant deux mois ; proposer au médecin traitant une consultation au CMP si la tristesse persiste.

Céline Hargous, psychologue
""", m=[
    ("care_setting", "ESAT Les Ateliers du Bas-Adour"),
    ("person_name", "Kévin Lalanne"),
    ("person_name", "Kévin"),
    ("clinical_finding", "« fatigué de tout »", "s"),
    ("clinical_finding", "Il pleure en évoquant les fêtes à venir", "s"),
    ("clinical_finding", "Il dort mal"),
    ("clinical_finding", "mange peu le midi"),
    ("care_setting", "ESAT"),
    ("clinical_finding", "angoisse forte à l'idée de changer d'équipe", "s"),
    ("clinical_finding", "il s'isole à la pause", "s"),
    ("disability_dependency", "déficience intellectuelle légère"),
    ("social_benefit", "RQTH"),
    ("social_benefit", "AAH"),
    ("care_setting", "foyer d'hébergement"),
    ("clinical_finding", "idées suicidaires", "neg", "s"),
    ("care_setting", "CMP", "s"),
    ("clinical_finding", "la tristesse persiste", "s"),
    ("person_name", "Céline Hargous"),
    ("procedure", "entretiens hebdomadaires pendant deux mois"),
], case=dict(purpose="medico_social_follow_up", to=["marc.rolland@psy-exemple.mssante.fr"], care_team=True, consent=False,
             why="Relais à un autre psychologue de l'équipe : il reçoit diagnostic, dépendance et lieu d'accueil ; pas les éléments cliniques ni les aides.")),

D("011_rapport_social_apa", "social_worker", "text", """Évaluation sociale — demande d'APA à domicile
Rédigée par : Sophie Caron, assistante de service social, CCAS de Dax

Situation : Mme Josette Bordes, 84 ans, veuve, vit seule au 27 avenue Saint-Vincent-de-Paul à Dax, au premier étage sans ascenseur. Fils à Bordeaux, visite une fois par mois.
Ressources : pension de réversion et retraite, 1 140 € par mois. Allocation logement.
Autonomie : se déplace avec une canne dans le logement, ne sort plus seule depuis une chute en juin ; a besoin d'aide pour la toilette, les courses et le ménage. Évaluation AGGIR par l'équipe médico-sociale : GIR 4.
Santé (selon ses dires) : « le cœur et le diabète », suivie par son médecin traitant, passage infirmier quotidien pour les médicaments.
Demande : APA à domicile pour 20 h d'aide à domicile par mois, téléassistance, portage de repas.
""", m=[
    ("person_name", "Sophie Caron"),
    ("person_name", "Josette Bordes"),
    ("address", "27 avenue Saint-Vincent-de-Paul à Dax"),
    ("disability_dependency", "se déplace avec une canne dans le logement"),
    ("disability_dependency", "ne sort plus seule"),
    ("clinical_finding", "une chute en juin"),
    ("disability_dependency", "a besoin d'aide pour la toilette, les courses et le ménage"),
    ("disability_dependency", "GIR 4"),
    ("diagnosis", "« le cœur et le diabète »"),
    ("procedure", "passage infirmier quotidien pour les médicaments"),
    ("social_benefit", "APA à domicile"),
    ("disability_dependency", "20 h d'aide à domicile par mois"),
    ("disability_dependency", "téléassistance"),
    ("disability_dependency", "portage de repas"),
], case=dict(purpose="social_follow_up", to=["equipe.apa@departement-exemple.mssante.fr"], care_team=True, consent=False,
             why="L'équipe APA du département instruit la demande : dépendance, lieu de vie et aides suffisent ; la santé « selon ses dires » et l'acte infirmier ne sont pas nécessaires.")),

D("012_ordonnance_vih", "physician", "text", """Service des maladies infectieuses — CH Exemple
Dr Marc Ithurbide

Patient : M. Julien Sarthou, né le 07/09/1979

Infection par le VIH connue depuis 2011, stade A. Dernier bilan : CD4 à 620/mm³, charge virale indétectable (< 20 copies/ml).
Renouvellement :
- Biktarvy 50/200/25 mg, 1 comprimé par jour, 6 mois
- Bactrim faible : arrêté (CD4 > 200)
Vaccination antipneumococcique à jour. Dépistage des IST tous les 6 mois (chlamydia, syphilis).
""", m=[
    ("care_setting", "Service des maladies infectieuses"),
    ("person_name", "Marc Ithurbide"),
    ("person_name", "Julien Sarthou"),
    ("birth_date", "07/09/1979"),
    ("diagnosis", "Infection par le VIH", "s"),
    ("clinical_finding", "stade A", "s"),
    ("clinical_finding", "CD4 à 620/mm³", "s"),
    ("clinical_finding", "charge virale indétectable (< 20 copies/ml)", "s"),
    ("medication", "Biktarvy 50/200/25 mg, 1 comprimé par jour", "s"),
    ("medication", "Bactrim faible", "s"),
    ("clinical_finding", "CD4 > 200", "s"),
    ("procedure", "Vaccination antipneumococcique"),
    ("procedure", "Dépistage des IST", "s"),
    ("diagnosis", "chlamydia", "s"),
    ("diagnosis", "syphilis", "s"),
], case=dict(purpose="care_continuity", to=["claire.lefevre@pharmacien.mssante.fr"], care_team=True, consent=False,
             why="Le pharmacien d'officine qui délivre le traitement est dans l'équipe de soins : tout est nécessaire à la continuité, tier sensible compris.")),

D("013_liaison_urgence_ehpad", "nurse", "text", """Fiche de liaison EHPAD → Urgences
EHPAD Saint-Michel, 40100 Dax — 05 58 90 11 22

Résident : M. Pierre Lafitte, né le 30/01/1933, chambre 8
Personne de confiance : sa nièce, Mme Anne Lafitte, 06 33 21 09 87
Motif du transfert : chute avec douleur de hanche gauche, raccourcissement et rotation externe du membre inférieur gauche.
Antécédents : maladie de Parkinson, démence mixte, insuffisance rénale chronique (clairance 38 ml/min), prothèse de hanche droite en 2015.
Traitement : Modopar 125 mg x 4/j, Aricept 10 mg le soir, Kardegic 75 mg, Forlax 1 sachet/j.
Autonomie : GIR 2, se déplace au fauteuil roulant, aide totale pour la toilette, incontinence urinaire, mange seul mixé.
Directives anticipées : pas de réanimation (document joint).
""", m=[
    ("care_setting", "EHPAD Saint-Michel"),
    ("phone", "05 58 90 11 22"),
    ("care_setting", "EHPAD"),
    ("care_setting", "Urgences"),
    ("person_name", "Pierre Lafitte"),
    ("birth_date", "30/01/1933"),
    ("person_name", "Anne Lafitte"),
    ("phone", "06 33 21 09 87"),
    ("clinical_finding", "chute avec douleur de hanche gauche"),
    ("clinical_finding", "raccourcissement et rotation externe du membre inférieur gauche"),
    ("diagnosis", "maladie de Parkinson"),
    ("diagnosis", "démence mixte"),
    ("diagnosis", "insuffisance rénale chronique"),
    ("clinical_finding", "clairance 38 ml/min"),
    ("procedure", "prothèse de hanche droite"),
    ("medication", "Modopar 125 mg x 4/j"),
    ("medication", "Aricept 10 mg le soir"),
    ("medication", "Kardegic 75 mg"),
    ("medication", "Forlax 1 sachet/j"),
    ("disability_dependency", "GIR 2"),
    ("disability_dependency", "se déplace au fauteuil roulant"),
    ("disability_dependency", "aide totale pour la toilette"),
    ("disability_dependency", "incontinence urinaire"),
    ("disability_dependency", "mange seul mixé"),
    ("procedure", "pas de réanimation"),
], case=dict(purpose="care_continuity", to=["secretariat.medical@ch-exemple.mssante.fr"], care_team=True, consent=False,
             why="Transfert aux urgences : le service hospitalier prend le relais des soins, tout le contenu est nécessaire.")),

D("014_convocation_admin", "secretary", "text", """Centre Hospitalier Exemple — Bureau des admissions

Madame Nadia Haddad
15 impasse des Chênes
40180 Narrosse

Objet : rendez-vous de pré-admission

Madame,

Votre rendez-vous de consultation d'anesthésie, préalable à votre cœlioscopie pour endométriose, est fixé au jeudi 19 novembre à 10 h 30, bâtiment B, 2e étage.
Merci de vous munir de votre carte Vitale, de votre carte de mutuelle et de la liste de vos traitements en cours.
Numéro de dossier (IPP) : 7700412563

Pour tout report, appelez le 05 58 91 48 00.
""", m=[
    ("person_name", "Nadia Haddad"),
    ("address", "15 impasse des Chênes\n40180 Narrosse"),
    ("procedure", "consultation d'anesthésie"),
    ("procedure", "cœlioscopie"),
    ("diagnosis", "endométriose"),
    ("ipp", "7700412563"),
    ("phone", "05 58 91 48 00"),
], case=dict(purpose="administrative", to=["295109912611193@patient.mssante.fr"], care_team=True, consent=False,
             why="Courrier administratif à la personne (convocation) : la politique n'y met aucune donnée de santé, l'acte prévu est retiré ; identité et n° de dossier restent.")),

D("015_reunion_synthese_ime", "educator", "text", """IME Les Pins — compte rendu de la réunion de synthèse du 6 octobre
Jeune : Enzo Mora, 13 ans, groupe des Grands

Présents : éducatrice référente (Amandine Caule), psychologue, psychomotricienne, chef de service.

Comportement : Enzo est plus calme depuis la rentrée, il accepte les temps de groupe. Encore des crises quand on change l'emploi du temps (se tape la tête contre le mur). Il communique avec le PECS et commence quelques signes.
Autonomie : mange seul avec une cuillère adaptée, a besoin d'aide pour s'habiller, porte encore une protection la nuit.
Santé : suivi par le pédopsychiatre du CMP enfants ; traitement par Risperdal 0,5 mg matin et soir, donné par l'infirmière de l'IME. Poids 58 kg, à surveiller (+5 kg en un an).
Famille : parents séparés, la mère a la garde. Dossier MDPH en cours de renouvellement (orientation IME + AEEH complément 4).
Projet : stage en IMPro l'an prochain.
""", m=[
    ("care_setting", "IME Les Pins"),
    ("person_name", "Enzo Mora"),
    ("person_name", "Amandine Caule"),
    ("person_name", "Enzo"),
    ("clinical_finding", "crises quand on change l'emploi du temps (se tape la tête contre le mur)", "s"),
    ("disability_dependency", "Il communique avec le PECS et commence quelques signes"),
    ("disability_dependency", "mange seul avec une cuillère adaptée"),
    ("disability_dependency", "a besoin d'aide pour s'habiller"),
    ("disability_dependency", "porte encore une protection la nuit"),
    ("care_setting", "CMP enfants", "s"),
    ("procedure", "suivi par le pédopsychiatre", "s"),
    ("medication", "Risperdal 0,5 mg matin et soir", "s"),
    ("care_setting", "IME"),
    ("body_measure", "Poids 58 kg"),
    ("body_measure", "+5 kg en un an"),
    ("disability_dependency", "orientation IME"),
    ("social_benefit", "AEEH complément 4"),
    ("care_setting", "IMPro"),
], case=dict(purpose="medico_social_follow_up", to=["accueil.familial@departement-exemple.mssante.fr"], care_team=True, consent=False,
             why="L'accueil familial qui reçoit Enzo le week-end : dépendance, lieu, poids, aides ; le traitement psychiatrique et les troubles psychiques (tier sensible) ne vont pas au personnel médico-social.")),

D("016_attestation_simple", "secretary", "text", """Cabinet médical Roux, Dax

ATTESTATION DE PRÉSENCE

Je soussignée, secrétaire médicale, atteste que M. Thomas Berges s'est présenté au cabinet le mardi 13 octobre 2026 de 14 h à 14 h 40.

Attestation remise en main propre pour servir et valoir ce que de droit.

Isabelle Nouqueret
""", m=[
    ("person_name", "Thomas Berges"),
    ("person_name", "Isabelle Nouqueret"),
], case=dict(purpose="administrative", to=["ass.sociale@ccas-exemple.mssante.fr"], care_team=True, consent=False,
             why="Attestation de présence sans donnée de santé : l'identité suffit et passe telle quelle.")),

D("017_suivi_diabeto_famille", "physician", "text", """Consultation d'endocrinologie — Dr Paul Hiriart

Mlle Chloé Baris, 19 ans, étudiante, vue pour bilan d'un diabète de type 1 découvert il y a 6 mois sur une acidocétose.
Sous pompe à insuline depuis septembre (Novorapid). HbA1c à 7,4 % (contre 11,2 % au diagnostic). Pas d'hypoglycémie sévère. Pas de rétinopathie au fond d'œil.
Antécédents familiaux : père diabétique de type 2, grand-mère maternelle porteuse d'une thyroïdite de Hashimoto. Pas de maladie cœliaque connue dans la famille.
Poids 61 kg, IMC 22. TA 118/72.
Prochain bilan dans 3 mois avec dosage des anticorps antitransglutaminase.
""", m=[
    ("person_name", "Paul Hiriart"),
    ("person_name", "Chloé Baris"),
    ("diagnosis", "diabète de type 1"),
    ("diagnosis", "acidocétose"),
    ("procedure", "pompe à insuline"),
    ("medication", "Novorapid"),
    ("clinical_finding", "HbA1c à 7,4 %"),
    ("clinical_finding", "11,2 %"),
    ("clinical_finding", "hypoglycémie sévère", "neg"),
    ("diagnosis", "rétinopathie", "neg"),
    ("procedure", "fond d'œil"),
    ("diagnosis", "père diabétique de type 2", "neg"),
    ("diagnosis", "grand-mère maternelle porteuse d'une thyroïdite de Hashimoto", "neg"),
    ("diagnosis", "maladie cœliaque", "neg"),
    ("body_measure", "Poids 61 kg"),
    ("body_measure", "IMC 22"),
    ("clinical_finding", "TA 118/72"),
    ("procedure", "dosage des anticorps antitransglutaminase"),
]),
]
