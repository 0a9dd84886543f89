"""The demo shop's catalogue: categories and products of "Nordlicht Haus", a home and outdoor shop.

Plain data, no Django imports, so that ``scripts/generate_demo_images.py`` can read it without a database.
Product names and texts are shop data (what a shop owner would type in), not interface strings, and so are
not marked for translation.
"""

from dataclasses import dataclass, field
from decimal import Decimal

VAT_STANDARD = Decimal("19.00")
VAT_REDUCED = Decimal("7.00")  # books and food


@dataclass(frozen=True)
class DemoCategory:
    slug: str
    name: str
    return_window_days: int | None = None
    tint: str = "#e8eef2"  # the background colour of the product pictures


@dataclass(frozen=True)
class DemoProduct:
    sku: str
    name: str
    category: str
    price: Decimal
    description: str
    usage: str
    specs: tuple[tuple[str, str], ...]
    shape: str
    colours: tuple[str, str]
    vat_rate: Decimal = VAT_STANDARD
    warranty_months: int = 24
    is_returnable: bool = True
    return_window_days: int | None = None
    popularity: int = 10
    has_back_view: bool = True
    sizes: tuple[str, ...] = field(default_factory=tuple)


# (key, German alt text) in the order the pictures are shown.
IMAGE_VIEWS: tuple[tuple[str, str], ...] = (
    ("front", "Vorderansicht"),
    ("side", "Seitenansicht"),
    ("back", "Rückseite"),
    ("detail", "Detailansicht"),
)


def product_image_views(product: DemoProduct) -> tuple[tuple[str, str], ...]:
    return tuple(view for view in IMAGE_VIEWS if product.has_back_view or view[0] != "back")


def product_image_filename(product: DemoProduct, view: str) -> str:
    return f"{product.sku.lower()}-{view}.webp"


CATEGORIES: tuple[DemoCategory, ...] = (
    DemoCategory("kueche-tisch", "Küche & Tisch", tint="#f3ebe1"),
    DemoCategory("wohnen-deko", "Wohnen & Deko", tint="#efe9f3"),
    DemoCategory("heimtextilien", "Heimtextilien", return_window_days=30, tint="#f4e8e6"),
    DemoCategory("outdoor-camping", "Outdoor & Camping", return_window_days=60, tint="#e3efe6"),
    DemoCategory("garten-balkon", "Garten & Balkon", tint="#e9f1df"),
    DemoCategory("bad-pflege", "Bad & Pflege", tint="#e2eff2"),
    DemoCategory("buecher", "Bücher", tint="#f2efe2"),
    DemoCategory("feinkost", "Feinkost", tint="#f5ecdc"),
)

HYGIENE = "Aus hygienischen Gründen von der Rückgabe ausgeschlossen, sobald die Versiegelung geöffnet ist."
FOOD = "Lebensmittel sind von der Rückgabe ausgeschlossen."

PRODUCTS: tuple[DemoProduct, ...] = (
    # --- Küche & Tisch -------------------------------------------------------------------------------
    DemoProduct(
        sku="NH-KT-1001",
        name="Thermobecher Fjord 450 ml",
        category="kueche-tisch",
        price=Decimal("24.90"),
        description=(
            "Doppelwandiger Becher aus Edelstahl mit Vakuumisolierung: Kaffee bleibt sechs Stunden heiß, "
            "Wasser zwölf Stunden kalt. Der Schraubdeckel ist auslaufsicher und lässt sich mit einer Hand öffnen."
        ),
        usage=(
            "Vor dem ersten Gebrauch mit heißem Wasser ausspülen. Nicht in die Mikrowelle stellen. "
            "Deckel und Becher von Hand spülen, die Dichtung gelegentlich herausnehmen und trocknen lassen."
        ),
        specs=(
            ("Material", "Edelstahl 18/8, doppelwandig"),
            ("Fassungsvermögen", "450 ml"),
            ("Warmhaltedauer", "6 Stunden heiß, 12 Stunden kalt"),
            ("Höhe", "19,5 cm"),
            ("Gewicht", "320 g"),
            ("Spülmaschinenfest", "Nein"),
        ),
        shape="tumbler",
        colours=("#2f5d6b", "#d9e4e8"),
        popularity=30,
    ),
    DemoProduct(
        sku="NH-KT-1002",
        name="Steingut-Kaffeebecher Düne, 2er-Set",
        category="kueche-tisch",
        price=Decimal("22.00"),
        description=(
            "Handglasierte Becher aus Steingut in sandigem Beige, jedes Stück mit leicht unterschiedlichem "
            "Farbverlauf. Liegt mit dem breiten Henkel gut in der Hand."
        ),
        usage="Spülmaschinen- und mikrowellengeeignet. Temperaturschocks vermeiden (nicht auf die heiße Herdplatte).",
        specs=(
            ("Material", "Steingut, glasiert"),
            ("Inhalt", "2 Becher"),
            ("Fassungsvermögen", "je 350 ml"),
            ("Höhe", "9,5 cm"),
            ("Spülmaschinenfest", "Ja"),
        ),
        shape="mug",
        colours=("#d8c3a5", "#8e7358"),
        popularity=25,
    ),
    DemoProduct(
        sku="NH-KT-1003",
        name="Gusseisen-Bräter Glut 28 cm",
        category="kueche-tisch",
        price=Decimal("119.00"),
        description=(
            "Emaillierter Bräter aus Gusseisen für Schmorgerichte, Brot und Eintöpfe. Speichert die Wärme "
            "lange und eignet sich für alle Herdarten einschließlich Induktion und den Backofen bis 250 °C."
        ),
        usage=(
            "Langsam aufheizen und nicht leer erhitzen. Mit Holz- oder Silikonbesteck arbeiten. "
            "Nach dem Abkühlen mit warmem Wasser und einer weichen Bürste reinigen."
        ),
        specs=(
            ("Material", "Gusseisen, emailliert"),
            ("Durchmesser", "28 cm"),
            ("Fassungsvermögen", "6,7 l"),
            ("Gewicht", "5,9 kg"),
            ("Herdarten", "Gas, Elektro, Ceran, Induktion"),
            ("Backofenfest", "bis 250 °C"),
        ),
        shape="pot",
        colours=("#b3412f", "#3b2a24"),
        warranty_months=60,
        popularity=8,
    ),
    DemoProduct(
        sku="NH-KT-1004",
        name="Eichenholz-Schneidebrett Lotse",
        category="kueche-tisch",
        price=Decimal("39.90"),
        description=(
            "Massives Schneidebrett aus geölter europäischer Eiche mit umlaufender Saftrille. "
            "Schont Messerklingen und ist zugleich ein schönes Servierbrett."
        ),
        usage=(
            "Von Hand spülen und aufrecht trocknen lassen. Alle paar Wochen mit Speiseöl einreiben, "
            "damit das Holz nicht austrocknet."
        ),
        specs=(
            ("Material", "Eiche, massiv, geölt"),
            ("Maße", "45 × 28 × 2,5 cm"),
            ("Gewicht", "1,8 kg"),
            ("Saftrille", "Ja"),
        ),
        shape="board",
        colours=("#b8864b", "#7a5530"),
        has_back_view=False,
        popularity=14,
    ),
    DemoProduct(
        sku="NH-KT-1005",
        name="Glas-Vorratsdose Speicher 1,2 l",
        category="kueche-tisch",
        price=Decimal("14.90"),
        description=(
            "Vorratsglas aus Borosilikatglas mit Deckel aus Bambus und luftdichtem Silikonring. "
            "Für Nudeln, Reis, Müsli und alles, was trocken bleiben soll."
        ),
        usage="Glas spülmaschinengeeignet, Bambusdeckel nur feucht abwischen.",
        specs=(
            ("Material", "Borosilikatglas, Bambus, Silikon"),
            ("Fassungsvermögen", "1,2 l"),
            ("Höhe", "17 cm"),
            ("Durchmesser", "10,5 cm"),
            ("Luftdicht", "Ja"),
        ),
        shape="jar",
        colours=("#cfe3e6", "#c49a6c"),
        popularity=22,
    ),
    DemoProduct(
        sku="NH-KT-1006",
        name="Kochmesser Klinge 20 cm",
        category="kueche-tisch",
        price=Decimal("69.00"),
        description=(
            "Geschmiedetes Kochmesser aus rostfreiem Stahl mit Griff aus Olivenholz. "
            "Ausgewogen, scharf und vielseitig, vom Gemüse bis zum Braten."
        ),
        usage=(
            "Nur von Hand spülen und sofort abtrocknen. Auf Holz oder Kunststoff schneiden, "
            "nicht auf Glas oder Stein. Regelmäßig mit einem Wetzstahl abziehen."
        ),
        specs=(
            ("Klingenlänge", "20 cm"),
            ("Klingenmaterial", "Rostfreier Stahl X50CrMoV15"),
            ("Härte", "56 HRC"),
            ("Griff", "Olivenholz"),
            ("Gewicht", "210 g"),
        ),
        shape="knife",
        colours=("#c9cfd4", "#8a6a3d"),
        warranty_months=60,
        has_back_view=False,
        popularity=9,
    ),
    DemoProduct(
        sku="NH-KT-1007",
        name="Emaille-Kanne Morgenrot 1,5 l",
        category="kueche-tisch",
        price=Decimal("34.90"),
        description=(
            "Wasserkessel aus emailliertem Stahl mit Holzgriff und Pfeife. Der Klassiker für den "
            "Morgentee, auf jedem Herd und auch am Lagerfeuer."
        ),
        usage="Nie ohne Wasser erhitzen. Kalk mit Essigwasser lösen, danach gut ausspülen.",
        specs=(
            ("Material", "Stahl, emailliert"),
            ("Fassungsvermögen", "1,5 l"),
            ("Griff", "Buchenholz"),
            ("Herdarten", "Gas, Elektro, Induktion"),
            ("Pfeife", "Ja"),
        ),
        shape="kettle",
        colours=("#e0703f", "#f6efe6"),
        popularity=12,
    ),
    # --- Wohnen & Deko -------------------------------------------------------------------------------
    DemoProduct(
        sku="NH-WD-2001",
        name="Tischleuchte Leuchtturm",
        category="wohnen-deko",
        price=Decimal("89.00"),
        description=(
            "Tischleuchte mit Fuß aus Keramik und Schirm aus Leinen. Das warme, blendfreie Licht macht "
            "sie zur Leseleuchte am Sofa oder zum Nachtlicht im Schlafzimmer."
        ),
        usage="Nur mit Leuchtmitteln bis 40 W (LED empfohlen) betreiben. Schirm mit einer weichen Bürste entstauben.",
        specs=(
            ("Höhe", "48 cm"),
            ("Schirmdurchmesser", "30 cm"),
            ("Fassung", "E27"),
            ("Leuchtmittel", "nicht enthalten"),
            ("Kabellänge", "1,8 m mit Schnurschalter"),
            ("Material", "Keramik, Leinen"),
        ),
        shape="lamp",
        colours=("#2e4a62", "#f1e6cf"),
        return_window_days=30,
        popularity=11,
    ),
    DemoProduct(
        sku="NH-WD-2002",
        name="Duftkerze Kiefernwald",
        category="wohnen-deko",
        price=Decimal("16.90"),
        description=(
            "Kerze aus Rapswachs im Glas mit dem Duft von Kiefernnadeln, Zedernholz und einem Hauch Harz. "
            "Brennt rund 40 Stunden."
        ),
        usage=(
            "Beim ersten Anzünden brennen lassen, bis die Oberfläche ganz geschmolzen ist. Docht auf 5 mm "
            "kürzen. Nie unbeaufsichtigt brennen lassen."
        ),
        specs=(
            ("Wachs", "Rapswachs"),
            ("Brenndauer", "ca. 40 Stunden"),
            ("Füllmenge", "220 g"),
            ("Duft", "Kiefer, Zeder, Harz"),
        ),
        shape="candle",
        colours=("#3f6b4f", "#f3ead8"),
        has_back_view=False,
        popularity=28,
    ),
    DemoProduct(
        sku="NH-WD-2003",
        name="Keramikvase Brandung",
        category="wohnen-deko",
        price=Decimal("29.90"),
        description=(
            "Bauchige Vase mit Reaktivglasur in Meeresblau; jede Vase ist ein Unikat. "
            "Wasserdicht glasiert, für frische und getrocknete Blumen."
        ),
        usage="Von Hand spülen. Für enge Hälse eine Flaschenbürste verwenden.",
        specs=(
            ("Material", "Steinzeug, Reaktivglasur"),
            ("Höhe", "24 cm"),
            ("Öffnung", "6 cm"),
            ("Wasserdicht", "Ja"),
        ),
        shape="vase",
        colours=("#2f6f8f", "#9cc6d6"),
        popularity=12,
    ),
    DemoProduct(
        sku="NH-WD-2004",
        name="Wanduhr Gezeiten",
        category="wohnen-deko",
        price=Decimal("49.00"),
        description=(
            "Lautlose Wanduhr mit Zifferblatt aus Birkenholz und schlanken schwarzen Zeigern. "
            "Das schleichende Uhrwerk tickt nicht."
        ),
        usage="Benötigt eine AA-Batterie (nicht enthalten). Zum Stellen das Rad auf der Rückseite drehen.",
        specs=(
            ("Durchmesser", "30 cm"),
            ("Material", "Birkenholz"),
            ("Uhrwerk", "Quarz, lautlos"),
            ("Batterie", "1 × AA, nicht enthalten"),
            ("Gewicht", "650 g"),
        ),
        shape="clock",
        colours=("#e9d8b8", "#222222"),
        popularity=7,
    ),
    DemoProduct(
        sku="NH-WD-2005",
        name="Windlicht Kap",
        category="wohnen-deko",
        price=Decimal("27.50"),
        description=(
            "Windlicht aus pulverbeschichtetem Metall mit Glaseinsatz und Tragebügel. "
            "Für Stumpenkerzen bis 7 cm Durchmesser, drinnen wie auf der Terrasse."
        ),
        usage="Glas vor dem Anzünden einsetzen. Bügel wird heiß: nur bei erloschener Kerze tragen.",
        specs=(
            ("Höhe", "32 cm (ohne Bügel)"),
            ("Material", "Metall, Glas"),
            ("Kerzendurchmesser", "bis 7 cm"),
            ("Farbe", "Anthrazit"),
        ),
        shape="lantern",
        colours=("#3b3f45", "#f6c66a"),
        popularity=13,
    ),
    # --- Heimtextilien -------------------------------------------------------------------------------
    DemoProduct(
        sku="NH-HT-3001",
        name="Wolldecke Nordkap 130 × 170 cm",
        category="heimtextilien",
        price=Decimal("79.00"),
        description=(
            "Weiche Decke aus Schurwolle mit Fischgratmuster und Fransen. Wärmt am Kamin, auf dem Sofa "
            "und an kühlen Sommerabenden auf der Terrasse."
        ),
        usage="Auslüften statt waschen. Bei Bedarf Wollwaschgang 30 °C, liegend trocknen.",
        specs=(
            ("Material", "100 % Schurwolle"),
            ("Maße", "130 × 170 cm"),
            ("Gewicht", "1,2 kg"),
            ("Muster", "Fischgrat"),
            ("Pflege", "Wollwaschgang 30 °C"),
        ),
        shape="blanket",
        colours=("#8a9a7b", "#e8e1d2"),
        popularity=18,
    ),
    DemoProduct(
        sku="NH-HT-3002",
        name="Leinen-Kissenbezug Dünengras 50 × 50 cm",
        category="heimtextilien",
        price=Decimal("24.90"),
        description=(
            "Kissenbezug aus stonewashed Leinen mit verdecktem Reißverschluss. Wird mit jeder Wäsche weicher."
        ),
        usage="Waschbar bei 40 °C. Auf links waschen, nicht in den Trockner.",
        specs=(
            ("Material", "100 % Leinen"),
            ("Maße", "50 × 50 cm"),
            ("Verschluss", "Reißverschluss"),
            ("Füllung", "nicht enthalten"),
        ),
        shape="pillow",
        colours=("#c9b28f", "#eee4d3"),
        popularity=20,
    ),
    DemoProduct(
        sku="NH-HT-3003",
        name="Waffelpiqué-Handtuch Ostsee, 2er-Set",
        category="heimtextilien",
        price=Decimal("29.90"),
        description="Leichte, schnell trocknende Handtücher aus Waffelpiqué. Ideal für Bad, Sauna und Strand.",
        usage="Waschbar bei 60 °C. Kein Weichspüler, damit die Saugkraft bleibt.",
        specs=(
            ("Material", "100 % Baumwolle, Waffelpiqué"),
            ("Inhalt", "2 Handtücher"),
            ("Maße", "50 × 100 cm"),
            ("Pflege", "60 °C, trocknergeeignet"),
        ),
        shape="towel",
        colours=("#5d8fa8", "#ffffff"),
        popularity=19,
    ),
    DemoProduct(
        sku="NH-HT-3004",
        name="Strick-Hausschuhe Kaminabend",
        category="heimtextilien",
        price=Decimal("34.90"),
        description=(
            "Gestrickte Hausschuhe aus Wollmischung mit rutschfester Sohle aus Naturkautschuk. "
            "Warm, leicht und mit Platz für die Zehen."
        ),
        usage="Handwäsche kalt. Zum Trocknen in Form ziehen und liegend trocknen lassen.",
        specs=(
            ("Material", "70 % Wolle, 30 % Polyamid"),
            ("Sohle", "Naturkautschuk, rutschfest"),
            ("Größen", "36–46"),
            ("Pflege", "Handwäsche"),
        ),
        shape="slipper",
        colours=("#9b4d3c", "#d8cbb5"),
        popularity=16,
        sizes=("36/37", "38/39", "40/41", "42/43", "44/45"),
    ),
    # --- Outdoor & Camping ---------------------------------------------------------------------------
    DemoProduct(
        sku="NH-OC-4001",
        name="Trekkingrucksack Fjellwind 40 l",
        category="outdoor-camping",
        price=Decimal("129.00"),
        description=(
            "Rucksack für Tages- und Hüttentouren mit verstellbarem Rückensystem, Regenhülle und "
            "Trinksystemfach. Das Hauptfach ist von oben und von vorne zugänglich."
        ),
        usage=(
            "Rückenlänge vor der ersten Tour einstellen. Schweres Gepäck nah am Rücken packen. "
            "Nach Regen offen trocknen lassen, nicht in die Waschmaschine."
        ),
        specs=(
            ("Volumen", "40 l"),
            ("Gewicht", "1,45 kg"),
            ("Material", "Polyamid 420D, recycelt"),
            ("Rückenlänge", "verstellbar, 42–52 cm"),
            ("Regenhülle", "integriert"),
            ("Trinksystem", "kompatibel"),
        ),
        shape="backpack",
        colours=("#c25b2c", "#2e3b33"),
        warranty_months=36,
        popularity=15,
    ),
    DemoProduct(
        sku="NH-OC-4002",
        name="Kuppelzelt Sternenwiese für 2 Personen",
        category="outdoor-camping",
        price=Decimal("189.00"),
        description=(
            "Leichtes Kuppelzelt mit zwei Eingängen und zwei Apsiden. Steht in wenigen Minuten und hält "
            "dank 3.000 mm Wassersäule auch Landregen stand."
        ),
        usage=(
            "Vor der ersten Tour zur Probe aufbauen. Nur trocken einpacken oder zu Hause nachtrocknen, "
            "damit sich kein Stockfleck bildet."
        ),
        specs=(
            ("Personen", "2"),
            ("Gewicht", "2,3 kg"),
            ("Packmaß", "45 × 15 cm"),
            ("Wassersäule", "3.000 mm Außenzelt, 5.000 mm Boden"),
            ("Gestänge", "Aluminium"),
            ("Aufbauzeit", "ca. 8 Minuten"),
        ),
        shape="tent",
        colours=("#4f7a4a", "#e7d07a"),
        warranty_months=36,
        popularity=7,
    ),
    DemoProduct(
        sku="NH-OC-4003",
        name="Schlafsack Polarnacht −10 °C",
        category="outdoor-camping",
        price=Decimal("149.00"),
        description=(
            "Mumienschlafsack mit Kunstfaserfüllung für Touren von Frühjahr bis Herbst. "
            "Wärmekragen, Kapuze mit Kordelzug und ein Zwei-Wege-Reißverschluss."
        ),
        usage=(
            "Locker im mitgelieferten Aufbewahrungssack lagern, nur unterwegs komprimieren. "
            "Schonwaschgang 30 °C mit Spezialwaschmittel."
        ),
        specs=(
            ("Komforttemperatur", "−2 °C"),
            ("Grenztemperatur", "−10 °C"),
            ("Länge", "220 cm"),
            ("Gewicht", "1,6 kg"),
            ("Füllung", "Kunstfaser"),
            ("Packmaß", "35 × 22 cm"),
        ),
        shape="sleepingbag",
        colours=("#2b4a6f", "#e2b33b"),
        return_window_days=100,
        popularity=8,
    ),
    DemoProduct(
        sku="NH-OC-4004",
        name="Trinkflasche Quelle 750 ml",
        category="outdoor-camping",
        price=Decimal("19.90"),
        description="Leichte Flasche aus Edelstahl, geschmacksneutral und frei von BPA, mit Karabiner-Öse am Deckel.",
        usage="Nicht für kohlensäurehaltige Getränke geeignet. Mit warmem Wasser und Flaschenbürste reinigen.",
        specs=(
            ("Material", "Edelstahl, einwandig"),
            ("Fassungsvermögen", "750 ml"),
            ("Gewicht", "180 g"),
            ("Höhe", "26 cm"),
            ("BPA-frei", "Ja"),
        ),
        shape="bottle",
        colours=("#3c8d7a", "#dfe8e4"),
        popularity=26,
    ),
    DemoProduct(
        sku="NH-OC-4005",
        name="Campinglaterne Glühwürmchen LED",
        category="outdoor-camping",
        price=Decimal("34.90"),
        description=(
            "Aufladbare LED-Laterne mit stufenlos dimmbarem Warmweiß und Powerbank-Funktion. "
            "Leuchtet bis zu 60 Stunden."
        ),
        usage="Vor dem ersten Einsatz vollständig laden (USB-C). Bei längerer Lagerung alle drei Monate nachladen.",
        specs=(
            ("Helligkeit", "bis 300 Lumen"),
            ("Leuchtdauer", "6 bis 60 Stunden"),
            ("Akku", "5.200 mAh, Li-Ion"),
            ("Ladeanschluss", "USB-C"),
            ("Schutzart", "IPX4"),
            ("Gewicht", "340 g"),
        ),
        shape="lantern",
        colours=("#30594d", "#ffe08a"),
        popularity=14,
    ),
    DemoProduct(
        sku="NH-OC-4006",
        name="Regenjacke Küstennebel",
        category="outdoor-camping",
        price=Decimal("99.00"),
        description=(
            "Wasserdichte, atmungsaktive Jacke mit verschweißten Nähten, verstellbarer Kapuze und "
            "Unterarmbelüftung. Lässt sich in die eigene Brusttasche packen."
        ),
        usage=(
            "Mit Funktionswaschmittel bei 30 °C waschen, kein Weichspüler. "
            "Nach der Wäsche kurz im Trockner imprägnieren."
        ),
        specs=(
            ("Wassersäule", "20.000 mm"),
            ("Atmungsaktivität", "15.000 g/m²/24 h"),
            ("Material", "Polyester, recycelt, PFC-frei"),
            ("Gewicht", "390 g"),
            ("Größen", "S–XXL"),
        ),
        shape="jacket",
        colours=("#d0a21f", "#2e3b40"),
        popularity=12,
        sizes=("S", "M", "L", "XL", "XXL"),
    ),
    DemoProduct(
        sku="NH-OC-4007",
        name="Campingstuhl Rastplatz, faltbar",
        category="outdoor-camping",
        price=Decimal("44.90"),
        description="Faltstuhl mit Aluminiumgestell und Getränkehalter, in einer Sekunde aufgestellt.",
        usage="Nur auf ebenem Untergrund benutzen. Nicht auf die Armlehnen setzen.",
        specs=(
            ("Belastbarkeit", "bis 120 kg"),
            ("Sitzhöhe", "44 cm"),
            ("Gewicht", "2,9 kg"),
            ("Gestell", "Aluminium"),
            ("Packmaß", "88 × 18 × 14 cm"),
        ),
        shape="chair",
        colours=("#2f5f73", "#9aa5ab"),
        popularity=10,
    ),
    # --- Garten & Balkon -----------------------------------------------------------------------------
    DemoProduct(
        sku="NH-GB-5001",
        name="Terrakotta-Pflanztopf Wurzelwerk 30 cm",
        category="garten-balkon",
        price=Decimal("27.90"),
        description=(
            "Frostfester Pflanztopf aus italienischer Terrakotta mit Abzugsloch. "
            "Die offene Oberfläche lässt die Wurzeln atmen."
        ),
        usage="Im Winter auf Füße stellen, damit Wasser abfließen kann. Vor dem Bepflanzen wässern.",
        specs=(
            ("Durchmesser", "30 cm"),
            ("Höhe", "27 cm"),
            ("Material", "Terrakotta"),
            ("Frostfest", "Ja"),
            ("Abzugsloch", "Ja"),
        ),
        shape="flowerpot",
        colours=("#c26a45", "#5f8a4a"),
        popularity=15,
    ),
    DemoProduct(
        sku="NH-GB-5002",
        name="Gießkanne Sommerregen 5 l",
        category="garten-balkon",
        price=Decimal("32.00"),
        description="Verzinkte Gießkanne mit abnehmbarem Messingbrausekopf für sanftes Gießen von Jungpflanzen.",
        usage="Im Winter leer und frostfrei lagern. Brausekopf bei Verkalkung in Essigwasser einlegen.",
        specs=(
            ("Fassungsvermögen", "5 l"),
            ("Material", "Stahl, feuerverzinkt; Messing"),
            ("Länge", "52 cm"),
            ("Gewicht", "1,1 kg"),
        ),
        shape="wateringcan",
        colours=("#9aa6a8", "#c9a04a"),
        popularity=9,
    ),
    DemoProduct(
        sku="NH-GB-5003",
        name="Balkonstuhl Möwe, klappbar",
        category="garten-balkon",
        price=Decimal("59.00"),
        description="Klappstuhl aus Akazienholz mit Metallbeschlägen. Spart Platz auf kleinen Balkonen.",
        usage="Zweimal im Jahr mit Holzöl pflegen. Im Winter trocken lagern.",
        specs=(
            ("Material", "Akazie, FSC-zertifiziert"),
            ("Sitzhöhe", "45 cm"),
            ("Belastbarkeit", "bis 110 kg"),
            ("Gewicht", "4,2 kg"),
            ("Montage", "keine, vormontiert"),
        ),
        shape="chair",
        colours=("#a4703f", "#6d4a2a"),
        popularity=8,
    ),
    DemoProduct(
        sku="NH-GB-5004",
        name="Vogelhaus Nordwind",
        category="garten-balkon",
        price=Decimal("39.90"),
        description="Futterhaus aus unbehandeltem Lärchenholz mit Bitumendach und Futtersilo. Zum Aufhängen oder Aufstellen.",
        usage="Regelmäßig reinigen, um Krankheiten vorzubeugen. Nur so viel Futter einfüllen, wie in zwei Tagen gefressen wird.",
        specs=(
            ("Material", "Lärche, unbehandelt"),
            ("Maße", "30 × 25 × 28 cm"),
            ("Dach", "Bitumen"),
            ("Aufhängung", "Kette, 60 cm"),
        ),
        shape="birdhouse",
        colours=("#b07c4f", "#3c4a56"),
        popularity=10,
    ),
    # --- Bad & Pflege --------------------------------------------------------------------------------
    DemoProduct(
        sku="NH-BP-6001",
        name="Naturseife Meersalz & Algen, 3 Stück",
        category="bad-pflege",
        price=Decimal("12.90"),
        description=("Kaltgerührte Seifen mit Meersalz, Algenextrakt und Olivenöl, ohne Palmöl. " + HYGIENE),
        usage="Nach Gebrauch auf einer Seifenschale trocknen lassen, damit die Seife lange hält.",
        specs=(
            ("Inhalt", "3 × 100 g"),
            ("Hauttyp", "alle Hauttypen"),
            ("Palmölfrei", "Ja"),
            ("Vegan", "Ja"),
        ),
        shape="soap",
        colours=("#7fb5b0", "#eef3f0"),
        is_returnable=False,
        has_back_view=False,
        popularity=18,
    ),
    DemoProduct(
        sku="NH-BP-6002",
        name="Bambus-Zahnbürste, 4er-Set",
        category="bad-pflege",
        price=Decimal("9.90"),
        description="Zahnbürsten mit Griff aus Bambus und mittelweichen Borsten. " + HYGIENE,
        usage="Alle drei Monate wechseln. Nach Gebrauch ausspülen und stehend trocknen lassen.",
        specs=(
            ("Inhalt", "4 Stück"),
            ("Borsten", "mittel, Nylon 6"),
            ("Griff", "Bambus, kompostierbar"),
            ("Länge", "19 cm"),
        ),
        shape="toothbrush",
        colours=("#c7a16e", "#f2f2f2"),
        is_returnable=False,
        has_back_view=False,
        popularity=17,
    ),
    DemoProduct(
        sku="NH-BP-6003",
        name="Lippenbalsam Sanddorn",
        category="bad-pflege",
        price=Decimal("5.90"),
        description="Pflegender Balsam mit Bienenwachs und Sanddornöl in der Metalldose. " + HYGIENE,
        usage="Bei Bedarf dünn auftragen. Kühl lagern.",
        specs=(
            ("Inhalt", "15 ml"),
            ("Inhaltsstoffe", "Bienenwachs, Sanddornöl, Sheabutter"),
            ("Haltbarkeit nach dem Öffnen", "12 Monate"),
            ("Verpackung", "Aluminiumdose"),
        ),
        shape="tin",
        colours=("#ee8b2f", "#f7e3c4"),
        is_returnable=False,
        has_back_view=False,
        popularity=20,
    ),
    # --- Bücher --------------------------------------------------------------------------------------
    DemoProduct(
        sku="NH-BU-7001",
        name="Draußen zu Hause – Ein Jahr im Garten (Buch)",
        category="buecher",
        price=Decimal("24.00"),
        description=(
            "Ein Gartenjahr in zwölf Kapiteln: was wann gesät, geschnitten und geerntet wird, "
            "mit Plänen für kleine Gärten und Balkone. Gebunden, durchgehend illustriert."
        ),
        usage="",
        specs=(
            ("Autorin", "Hanne Lindqvist"),
            ("Seiten", "256"),
            ("Einband", "Hardcover"),
            ("Sprache", "Deutsch"),
            ("ISBN", "978-3-00-000001-7"),
        ),
        shape="book",
        colours=("#3f6b45", "#f1e9d2"),
        vat_rate=VAT_REDUCED,
        popularity=9,
    ),
    DemoProduct(
        sku="NH-BU-7002",
        name="Nordische Küche für jeden Tag (Buch)",
        category="buecher",
        price=Decimal("29.00"),
        description=(
            "90 einfache Rezepte aus Skandinavien und Norddeutschland, von Zimtschnecken bis Labskaus. "
            "Mit Einkaufslisten und Wochenplänen."
        ),
        usage="",
        specs=(
            ("Autor", "Jens Holmberg"),
            ("Seiten", "224"),
            ("Einband", "Hardcover"),
            ("Sprache", "Deutsch"),
            ("ISBN", "978-3-00-000002-4"),
        ),
        shape="book",
        colours=("#a63f35", "#f3ecdf"),
        vat_rate=VAT_REDUCED,
        popularity=11,
    ),
    # --- Feinkost ------------------------------------------------------------------------------------
    DemoProduct(
        sku="NH-FK-8001",
        name="Sanddorn-Fruchtaufstrich 250 g",
        category="feinkost",
        price=Decimal("6.90"),
        description="Fruchtaufstrich aus Sanddorn von der Ostseeküste, 60 % Fruchtanteil. " + FOOD,
        usage="Nach dem Öffnen im Kühlschrank aufbewahren und innerhalb von drei Wochen verbrauchen.",
        specs=(
            ("Inhalt", "250 g"),
            ("Fruchtanteil", "60 %"),
            ("Zutaten", "Sanddorn, Rohrzucker, Apfelpektin"),
            ("Herkunft", "Mecklenburg-Vorpommern"),
        ),
        shape="jam",
        colours=("#f08a1c", "#e9e3d6"),
        vat_rate=VAT_REDUCED,
        is_returnable=False,
        has_back_view=False,
        popularity=16,
    ),
    DemoProduct(
        sku="NH-FK-8002",
        name="Friesischer Kräutertee, 100 g",
        category="feinkost",
        price=Decimal("8.50"),
        description="Loser Bio-Kräutertee mit Pfefferminze, Zitronenmelisse und Ringelblume in der Aromadose. "
        + FOOD,
        usage="1 Teelöffel je Tasse mit kochendem Wasser übergießen und 5–8 Minuten ziehen lassen.",
        specs=(
            ("Inhalt", "100 g"),
            ("Zutaten", "Pfefferminze, Zitronenmelisse, Ringelblume"),
            ("Bio", "Ja, DE-ÖKO-006"),
            ("Ziehzeit", "5–8 Minuten"),
        ),
        shape="tin",
        colours=("#4f7f6a", "#efe6cf"),
        vat_rate=VAT_REDUCED,
        is_returnable=False,
        has_back_view=False,
        popularity=15,
    ),
    DemoProduct(
        sku="NH-FK-8003",
        name="Küstenkaffee ganze Bohne 500 g",
        category="feinkost",
        price=Decimal("14.90"),
        description="Schonend trommelgerösteter Kaffee aus Hamburg, mild mit Noten von Nuss und Schokolade. "
        + FOOD,
        usage="Kühl, trocken und luftdicht lagern. Erst kurz vor der Zubereitung mahlen.",
        specs=(
            ("Inhalt", "500 g"),
            ("Röstung", "mittel"),
            ("Herkunft", "Brasilien, Äthiopien"),
            ("Rösterei", "Hamburg"),
            ("Geeignet für", "Filter, French Press, Vollautomat"),
        ),
        shape="coffeebag",
        colours=("#5b3a29", "#d8b98c"),
        vat_rate=VAT_REDUCED,
        is_returnable=False,
        has_back_view=False,
        popularity=24,
    ),
)

CATEGORY_SLUGS: frozenset[str] = frozenset(category.slug for category in CATEGORIES)
PRODUCT_SKUS: frozenset[str] = frozenset(product.sku for product in PRODUCTS)
