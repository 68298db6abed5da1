"""Static tables the seeded synthetic-data generator draws from.

Pure data, no logic: real Nordic municipalities (official codes, town-centre coordinates, rough
populations), the languages newcomer mentees commonly speak with a skewed frequency, pools of
common given names and family names written in their own scripts, interest tags and
professional fields.

The people generated from these tables are invented: a synthetic person is a random composite
of a common given name and a common family name and stands for no real person. The name pools
are lists of common names, not records of anyone.

Conventions:

* Countries are ISO 3166-1 alpha-2 codes; languages are ISO 639-1 codes where one exists, else
  ISO 639-3 (Dari ``"prs"``, Northern Kurdish ``"kmr"``, Central Kurdish ``"ckb"``).
* Every string is NFC-normalised. Arabic-script pools use the letters of their own language:
  Arabic ``ي``/``ك``, but Persian, Pashto and Sorani ``ی``/``ک``.
* Family-name pools hold only forms that do not change with gender (no ``-ski``/``-ska``,
  ``-ov``/``-ova``). Where the tradition has no inherited surname the pool holds what is used in
  its place: fathers' given names (Eritrean, Ethiopian, Somali) or common name elements
  (Burmese, where a "family name" is simply the last element of a person's name).
"""

from typing import Final, Literal, NamedTuple, TypeAlias

__all__ = [
    "FAMILY_NAMES",
    "GIVEN_NAMES",
    "INTERESTS",
    "LANGUAGES",
    "LOCAL_LANGUAGES",
    "LOCAL_NAME_POOLS",
    "MUNICIPALITIES",
    "PROFESSIONAL_FIELDS",
    "Gender",
    "LanguageShare",
    "Municipality",
]

Gender: TypeAlias = Literal["female", "male"]


class Municipality(NamedTuple):
    """A real municipality that synthetic people can live in."""

    country: str  # ISO 3166-1 alpha-2: "NO", "SE", "DK" or "FI"
    name: str  # official name in the local language
    code: str  # NO 4-digit kommunenummer (2024), SE 4-digit kommunkod, DK/FI 3 digits
    latitude: float  # of the town centre (administrative centre), WGS 84, 4 decimals
    longitude: float
    weight: float  # rough population in thousands (2024), used for sampling


class LanguageShare(NamedTuple):
    """A first language of newcomer mentees, how common it is, and how its speakers are named."""

    code: str  # ISO 639-1 when it exists, else ISO 639-3
    weight: float  # relative frequency among newcomer mentees
    scripts: tuple[str, ...]  # keys into GIVEN_NAMES and FAMILY_NAMES
    origin_countries: tuple[str, ...]  # ISO 3166-1 alpha-2 countries speakers commonly come from


# Norway's numbers are those in force from 1 January 2024 (after Viken, Vestfold og Telemark and
# Troms og Finnmark were split up and Haram left Ålesund). Bærum's centre is Sandvika, Botkyrka's
# is Tumba, Espoo's is Espoon keskus and Vantaa's is Tikkurila.
MUNICIPALITIES: Final[tuple[Municipality, ...]] = (
    Municipality("NO", "Oslo", "0301", 59.9139, 10.7522, 717.0),
    Municipality("NO", "Bergen", "4601", 60.3929, 5.3241, 291.0),
    Municipality("NO", "Trondheim", "5001", 63.4305, 10.3951, 214.0),
    Municipality("NO", "Stavanger", "1103", 58.9700, 5.7331, 149.0),
    Municipality("NO", "Bærum", "3201", 59.8891, 10.5233, 131.0),
    Municipality("NO", "Kristiansand", "4204", 58.1467, 7.9956, 116.0),
    Municipality("NO", "Drammen", "3301", 59.7440, 10.2045, 104.0),
    Municipality("NO", "Asker", "3203", 59.8336, 10.4377, 98.0),
    Municipality("NO", "Lillestrøm", "3205", 59.9559, 11.0503, 93.0),
    Municipality("NO", "Fredrikstad", "3107", 59.2181, 10.9298, 85.0),
    Municipality("NO", "Sandnes", "1108", 58.8517, 5.7360, 83.0),
    Municipality("NO", "Tromsø", "5501", 69.6492, 18.9553, 78.0),
    Municipality("NO", "Ålesund", "1508", 62.4722, 6.1495, 59.0),
    Municipality("NO", "Bodø", "1804", 67.2804, 14.4049, 53.0),
    Municipality("NO", "Hamar", "3403", 60.7945, 11.0680, 33.0),
    Municipality("SE", "Stockholm", "0180", 59.3293, 18.0686, 984.0),
    Municipality("SE", "Göteborg", "1480", 57.7089, 11.9746, 604.0),
    Municipality("SE", "Malmö", "1280", 55.6050, 13.0038, 362.0),
    Municipality("SE", "Uppsala", "0380", 59.8586, 17.6389, 245.0),
    Municipality("SE", "Linköping", "0580", 58.4108, 15.6214, 167.0),
    Municipality("SE", "Örebro", "1880", 59.2753, 15.2134, 160.0),
    Municipality("SE", "Västerås", "1980", 59.6099, 16.5448, 158.0),
    Municipality("SE", "Helsingborg", "1283", 56.0465, 12.6945, 151.0),
    Municipality("SE", "Jönköping", "0680", 57.7826, 14.1618, 146.0),
    Municipality("SE", "Norrköping", "0581", 58.5877, 16.1924, 145.0),
    Municipality("SE", "Södertälje", "0181", 59.1955, 17.6253, 102.0),
    Municipality("SE", "Botkyrka", "0127", 59.1997, 17.8322, 96.0),
    Municipality("DK", "København", "101", 55.6761, 12.5683, 660.0),
    Municipality("DK", "Aarhus", "751", 56.1567, 10.2108, 367.0),
    Municipality("DK", "Aalborg", "851", 57.0488, 9.9217, 223.0),
    Municipality("DK", "Odense", "461", 55.3959, 10.3883, 209.0),
    Municipality("DK", "Vejle", "630", 55.7093, 9.5357, 122.0),
    Municipality("DK", "Esbjerg", "561", 55.4667, 8.4518, 116.0),
    Municipality("DK", "Randers", "730", 56.4607, 10.0364, 99.0),
    Municipality("DK", "Horsens", "615", 55.8607, 9.8503, 98.0),
    Municipality("DK", "Kolding", "621", 55.4904, 9.4722, 95.0),
    Municipality("DK", "Ishøj", "183", 55.6153, 12.3518, 24.0),
    Municipality("FI", "Helsinki", "091", 60.1699, 24.9384, 675.0),
    Municipality("FI", "Espoo", "049", 60.2052, 24.6560, 315.0),
    Municipality("FI", "Tampere", "837", 61.4978, 23.7610, 255.0),
    Municipality("FI", "Vantaa", "092", 60.2925, 25.0440, 250.0),
    Municipality("FI", "Turku", "853", 60.4518, 22.2666, 204.0),
)

# Rough relative shares; Arabic heaviest, then Ukrainian, Tigrinya, Somali and Dari.
LANGUAGES: Final[tuple[LanguageShare, ...]] = (
    LanguageShare("ar", 18.0, ("arabic",), ("SY", "IQ", "PS", "SD", "YE", "LB", "LY", "EG", "MA")),
    LanguageShare("uk", 14.0, ("cyrillic",), ("UA",)),
    LanguageShare("ti", 9.0, ("ethiopic",), ("ER", "ET")),
    LanguageShare("so", 7.0, ("latin_african",), ("SO", "ET", "KE", "DJ")),
    LanguageShare("prs", 7.0, ("persian",), ("AF",)),
    LanguageShare("fa", 5.0, ("persian",), ("IR",)),
    LanguageShare("ru", 3.0, ("cyrillic",), ("UA", "RU", "BY")),
    LanguageShare("kmr", 3.0, ("latin_kurdish", "arabic"), ("SY", "TR", "IQ")),
    LanguageShare("ckb", 3.0, ("sorani",), ("IQ", "IR")),
    LanguageShare("ps", 3.0, ("pashto",), ("AF", "PK")),
    LanguageShare("tr", 2.5, ("latin_other",), ("TR",)),
    LanguageShare(
        "en", 2.5, ("latin_african", "latin_other"), ("NG", "GH", "LR", "SS", "UG", "GM")
    ),
    LanguageShare("am", 2.0, ("ethiopic",), ("ET",)),
    LanguageShare("pl", 2.0, ("latin_other",), ("PL",)),
    LanguageShare("fr", 2.0, ("latin_african", "latin_other"), ("CD", "BI", "CM", "GN", "CI")),
    LanguageShare("es", 2.0, ("latin_other",), ("VE", "CO", "SV", "HN")),
    LanguageShare("om", 1.5, ("latin_african",), ("ET", "KE")),
    LanguageShare("ur", 1.5, ("arabic",), ("PK",)),
    LanguageShare("sw", 1.5, ("latin_african",), ("CD", "BI", "TZ", "KE", "UG")),
    LanguageShare("ta", 1.0, ("tamil",), ("LK", "IN")),
    LanguageShare("my", 1.0, ("myanmar",), ("MM",)),
    LanguageShare("vi", 1.0, ("vietnamese",), ("VN",)),
    LanguageShare("th", 1.0, ("thai",), ("TH",)),
    LanguageShare("lt", 1.0, ("latin_other",), ("LT",)),
    LanguageShare("bs", 1.0, ("latin_other",), ("BA",)),
)

# The language volunteers and programme staff speak in each country (Norwegian Bokmål, Swedish,
# Danish, Finnish).
LOCAL_LANGUAGES: Final[dict[str, str]] = {"NO": "nb", "SE": "sv", "DK": "da", "FI": "fi"}

# The name pool for locally born people (most volunteer mentors) in each country.
LOCAL_NAME_POOLS: Final[dict[str, str]] = {
    "NO": "latin_nordic",
    "SE": "latin_nordic",
    "DK": "latin_nordic",
    "FI": "latin_finnish",
}

# The tables below are laid out several entries to a line; keep the formatter off them.
# fmt: off
GIVEN_NAMES: Final[dict[str, tuple[tuple[str, Gender], ...]]] = {
    "latin_nordic": (
        ("Ingrid", "female"), ("Åse", "female"), ("Märta", "female"), ("Sigrid", "female"),
        ("Astrid", "female"), ("Kari", "female"), ("Solveig", "female"), ("Karin", "female"),
        ("Ida", "female"), ("Freja", "female"), ("Mette", "female"), ("Kirsten", "female"),
        ("Hanne", "female"), ("Ebba", "female"), ("Linnéa", "female"), ("Tove", "female"),
        ("Ragnhild", "female"), ("Signe", "female"), ("Maja", "female"),
        ("Lars", "male"), ("Søren", "male"), ("Øyvind", "male"), ("Bjørn", "male"),
        ("Erik", "male"), ("Anders", "male"), ("Johan", "male"), ("Magnus", "male"),
        ("Henrik", "male"), ("Nils", "male"), ("Ola", "male"), ("Knut", "male"),
        ("Rasmus", "male"), ("Mads", "male"), ("Håkan", "male"), ("Jørgen", "male"),
        ("Emil", "male"), ("Oskar", "male"),
    ),
    "latin_finnish": (
        ("Aino", "female"), ("Anna", "female"), ("Sanna", "female"), ("Laura", "female"),
        ("Minna", "female"), ("Päivi", "female"), ("Tiina", "female"), ("Johanna", "female"),
        ("Kaisa", "female"), ("Emma", "female"), ("Helmi", "female"), ("Satu", "female"),
        ("Mikko", "male"), ("Juha", "male"), ("Jukka", "male"), ("Timo", "male"),
        ("Matti", "male"), ("Antti", "male"), ("Jari", "male"), ("Ville", "male"),
        ("Janne", "male"), ("Eero", "male"), ("Väinö", "male"), ("Tuomas", "male"),
    ),
    "latin_other": (
        # Polish, Lithuanian, Spanish, French, Turkish and Bosnian.
        ("Katarzyna", "female"), ("Agnieszka", "female"), ("Małgorzata", "female"),
        ("Rūta", "female"), ("Jurgita", "female"), ("María", "female"), ("Lucía", "female"),
        ("Valentina", "female"), ("Camille", "female"), ("Chloé", "female"), ("Ayşe", "female"),
        ("Elif", "female"), ("Zeynep", "female"), ("Özge", "female"), ("Amra", "female"),
        ("Lejla", "female"), ("Emina", "female"),
        ("Piotr", "male"), ("Krzysztof", "male"), ("Paweł", "male"), ("Łukasz", "male"),
        ("Mantas", "male"), ("José", "male"), ("Carlos", "male"), ("Andrés", "male"),
        ("Julien", "male"), ("François", "male"), ("Mehmet", "male"), ("Emre", "male"),
        ("Burak", "male"), ("Edin", "male"), ("Adnan", "male"), ("Mirza", "male"),
    ),
    "latin_african": (
        # Somali, Oromo, Swahili and Congolese, and names common across anglophone and
        # francophone Africa.
        ("Hodan", "female"), ("Fadumo", "female"), ("Hibaaq", "female"), ("Ifrah", "female"),
        ("Nimco", "female"), ("Sagal", "female"), ("Ayaan", "female"), ("Chaltu", "female"),
        ("Lensa", "female"), ("Ebise", "female"), ("Bontu", "female"), ("Neema", "female"),
        ("Furaha", "female"), ("Grace", "female"), ("Blessing", "female"),
        ("Abdirahman", "male"), ("Abdullahi", "male"), ("Abdi", "male"), ("Liban", "male"),
        ("Guled", "male"), ("Mahad", "male"), ("Bashir", "male"), ("Gemechu", "male"),
        ("Obsa", "male"), ("Abdisa", "male"), ("Baraka", "male"), ("Juma", "male"),
        ("Emmanuel", "male"), ("Patrick", "male"),
    ),
    "latin_kurdish": (
        # Kurmanji in the Kurdish Latin alphabet (Hawar).
        ("Rojda", "female"), ("Berfîn", "female"), ("Dilan", "female"), ("Rojîn", "female"),
        ("Zîlan", "female"), ("Hêvî", "female"), ("Nûjîn", "female"), ("Delal", "female"),
        ("Evîn", "female"), ("Bêrîvan", "female"), ("Ronahî", "female"), ("Zozan", "female"),
        ("Azad", "male"), ("Baran", "male"), ("Rojhat", "male"), ("Welat", "male"),
        ("Dilovan", "male"), ("Şêrko", "male"), ("Ciwan", "male"), ("Rêzan", "male"),
        ("Agit", "male"), ("Bawer", "male"), ("Hogir", "male"), ("Berzan", "male"),
    ),
    "arabic": (
        ("فاطمة", "female"), ("مريم", "female"), ("عائشة", "female"), ("زينب", "female"),
        ("نور", "female"), ("سارة", "female"), ("ليلى", "female"), ("هدى", "female"),
        ("آمنة", "female"), ("رنا", "female"), ("ياسمين", "female"), ("خديجة", "female"),
        ("سلمى", "female"), ("رهف", "female"), ("جنى", "female"), ("إيمان", "female"),
        ("هبة", "female"), ("رغد", "female"),
        ("محمد", "male"), ("أحمد", "male"), ("علي", "male"), ("عمر", "male"),
        ("خالد", "male"), ("يوسف", "male"), ("إبراهيم", "male"), ("حسن", "male"),
        ("حسين", "male"), ("مصطفى", "male"), ("عبد الله", "male"), ("محمود", "male"),
        ("سامر", "male"), ("طارق", "male"), ("كريم", "male"), ("ياسين", "male"),
        ("بلال", "male"), ("حمزة", "male"),
    ),
    "persian": (
        # Persian (Iran) and Dari (Afghanistan).
        ("زهرا", "female"), ("فاطمه", "female"), ("مریم", "female"), ("پریسا", "female"),
        ("نرگس", "female"), ("شیرین", "female"), ("لیلا", "female"), ("نازنین", "female"),
        ("مهسا", "female"), ("ستاره", "female"), ("پروانه", "female"), ("فرشته", "female"),
        ("مژگان", "female"), ("ژاله", "female"), ("گلناز", "female"), ("نیلوفر", "female"),
        ("سحر", "female"), ("آرزو", "female"), ("شبنم", "female"),
        ("رضا", "male"), ("علی", "male"), ("محمد", "male"), ("حسین", "male"),
        ("مهدی", "male"), ("امیر", "male"), ("پویا", "male"), ("بهروز", "male"),
        ("فرهاد", "male"), ("داریوش", "male"), ("کامران", "male"), ("سهراب", "male"),
        ("جواد", "male"), ("سعید", "male"), ("بهزاد", "male"), ("فرید", "male"),
        ("جاوید", "male"), ("نوید", "male"),
    ),
    "pashto": (
        ("ملالۍ", "female"), ("زرغونه", "female"), ("ګلالۍ", "female"), ("پلوشه", "female"),
        ("نازو", "female"), ("زرمینه", "female"), ("سپوږمۍ", "female"), ("وږمه", "female"),
        ("شکیلا", "female"), ("فرشته", "female"), ("نسرین", "female"), ("شبنم", "female"),
        ("اجمل", "male"), ("نجیب", "male"), ("حمید", "male"), ("زلمی", "male"),
        ("میرویس", "male"), ("وحید", "male"), ("اسدالله", "male"), ("قیس", "male"),
        ("شفیق", "male"), ("حکمت", "male"), ("ګلاب", "male"), ("ایمل", "male"),
        ("ننګیالی", "male"), ("یما", "male"),
    ),
    "sorani": (
        # Central Kurdish (Sorani) in its Arabic-based alphabet.
        ("شیلان", "female"), ("ژیان", "female"), ("نازەنین", "female"), ("ئاڤین", "female"),
        ("ڤیان", "female"), ("شنۆ", "female"), ("بەهار", "female"), ("تارا", "female"),
        ("نیگار", "female"), ("هێرۆ", "female"), ("گوڵاڵە", "female"), ("چنار", "female"),
        ("ڕووناک", "female"), ("کوێستان", "female"),
        ("ئاسۆ", "male"), ("ئاراس", "male"), ("ڕێبوار", "male"), ("کاروان", "male"),
        ("هەژار", "male"), ("هێمن", "male"), ("دڵشاد", "male"), ("شوان", "male"),
        ("سیروان", "male"), ("بەختیار", "male"), ("گۆران", "male"), ("کاوە", "male"),
        ("ئازاد", "male"), ("زانا", "male"),
    ),
    "ethiopic": (
        # Tigrinya and Amharic.
        ("ሰላም", "female"), ("ሄለን", "female"), ("ሳባ", "female"), ("ሉዋም", "female"),
        ("ፍዮሪ", "female"), ("ሰናይት", "female"), ("ትርሓስ", "female"), ("ኤልሳ", "female"),
        ("ሩት", "female"), ("ሜሮን", "female"), ("ቤተልሄም", "female"), ("ማህሌት", "female"),
        ("ሕይወት", "female"), ("ፀጋ", "female"), ("ዮርዳኖስ", "female"), ("ሰምሃር", "female"),
        ("ብሩክታዊት", "female"), ("ኤደን", "female"),
        ("ዮናስ", "male"), ("ዳዊት", "male"), ("ሚካኤል", "male"), ("ሰለሞን", "male"),
        ("ዮሃንስ", "male"), ("ተስፋዬ", "male"), ("ኣማኑኤል", "male"), ("ብርሃነ", "male"),
        ("ሃብቶም", "male"), ("መሓሪ", "male"), ("ተወልደ", "male"), ("ፍፁም", "male"),
        ("ሄኖክ", "male"), ("ክብሮም", "male"), ("ሳሙኤል", "male"), ("ኤርሚያስ", "male"),
        ("ጎይቶም", "male"), ("ዓወት", "male"), ("ፊልሞን", "male"), ("ናሆም", "male"),
    ),
    "cyrillic": (
        # Ukrainian and Russian.
        ("Олена", "female"), ("Оксана", "female"), ("Наталія", "female"), ("Ірина", "female"),
        ("Тетяна", "female"), ("Юлія", "female"), ("Анастасія", "female"), ("Марія", "female"),
        ("Софія", "female"), ("Дарина", "female"), ("Катерина", "female"),
        ("Світлана", "female"), ("Ольга", "female"), ("Вікторія", "female"),
        ("Наталья", "female"), ("Екатерина", "female"), ("Татьяна", "female"),
        ("Андрій", "male"), ("Дмитро", "male"), ("Олександр", "male"), ("Сергій", "male"),
        ("Максим", "male"), ("Іван", "male"), ("Микола", "male"), ("Богдан", "male"),
        ("Тарас", "male"), ("Володимир", "male"), ("Юрій", "male"), ("Артем", "male"),
        ("Олег", "male"), ("Дмитрий", "male"), ("Алексей", "male"), ("Михаил", "male"),
        ("Сергей", "male"),
    ),
    "myanmar": (
        # Burmese names have no surname; a full name is a sequence of one to four elements.
        ("သီတာ", "female"), ("နီလာ", "female"), ("ခင်မာ", "female"), ("စန္ဒာ", "female"),
        ("မိုးမိုး", "female"), ("ယမင်း", "female"), ("သူဇာ", "female"), ("နန္ဒာ", "female"),
        ("ဖြူဖြူ", "female"), ("နွယ်နီ", "female"), ("ခိုင်ခိုင်", "female"),
        ("မြတ်နိုး", "female"), ("ဆုမြတ်", "female"), ("ဝေဝေ", "female"),
        ("ရွှေစင်", "female"),
        ("အောင်ကျော်", "male"), ("ဇော်ဝင်း", "male"), ("ထွန်းထွန်း", "male"),
        ("မင်းထက်", "male"), ("ကျော်စွာ", "male"), ("ဖြိုးဝေ", "male"), ("သန့်ဇင်", "male"),
        ("ဝင်းနိုင်", "male"), ("ဟိန်းထက်", "male"), ("ရဲနိုင်", "male"),
        ("ကောင်းမြတ်", "male"), ("ပြည့်ဖြိုး", "male"), ("သူရ", "male"), ("နေလင်း", "male"),
    ),
    "tamil": (
        ("பிரியா", "female"), ("மீனா", "female"), ("கவிதா", "female"), ("கீதா", "female"),
        ("சுதா", "female"), ("வாணி", "female"), ("ரஞ்சனி", "female"), ("நிலா", "female"),
        ("தேவி", "female"), ("மாலதி", "female"), ("செல்வி", "female"), ("அனிதா", "female"),
        ("சரண்யா", "female"), ("யாழினி", "female"), ("மதுமிதா", "female"),
        ("குமார்", "male"), ("முருகன்", "male"), ("சிவா", "male"), ("ராஜா", "male"),
        ("கணேஷ்", "male"), ("சுரேஷ்", "male"), ("பிரகாஷ்", "male"), ("செல்வம்", "male"),
        ("கார்த்திக்", "male"), ("அருண்", "male"), ("விஜய்", "male"), ("தினேஷ்", "male"),
        ("சுதன்", "male"), ("கஜன்", "male"), ("பிரசாந்த்", "male"),
    ),
    "thai": (
        ("สมหญิง", "female"), ("มาลี", "female"), ("สุดา", "female"), ("วันดี", "female"),
        ("นภา", "female"), ("ปราณี", "female"), ("กาญจนา", "female"), ("ศิริพร", "female"),
        ("อรุณี", "female"), ("พรทิพย์", "female"), ("รัตนา", "female"),
        ("จันทร์เพ็ญ", "female"), ("สุภาพร", "female"), ("นิภา", "female"),
        ("สมชาย", "male"), ("สมศักดิ์", "male"), ("ประเสริฐ", "male"), ("วิชัย", "male"),
        ("อนันต์", "male"), ("ธนากร", "male"), ("ณัฐวุฒิ", "male"), ("สุรชัย", "male"),
        ("กิตติ", "male"), ("พงศกร", "male"), ("ชัยวัฒน์", "male"), ("อภิชาติ", "male"),
    ),
    "vietnamese": (
        ("Linh", "female"), ("Thảo", "female"), ("Hương", "female"), ("Lan", "female"),
        ("Mai", "female"), ("Ngọc", "female"), ("Trang", "female"), ("Hà", "female"),
        ("Phương", "female"), ("Hoa", "female"), ("Hạnh", "female"), ("Thu", "female"),
        ("Minh", "male"), ("Hùng", "male"), ("Dũng", "male"), ("Tuấn", "male"),
        ("Nam", "male"), ("Hải", "male"), ("Long", "male"), ("Quang", "male"),
        ("Đức", "male"), ("Thắng", "male"), ("Hiếu", "male"), ("Khánh", "male"),
        ("Bảo", "male"), ("Phúc", "male"), ("Huy", "male"), ("Sơn", "male"),
    ),
}

FAMILY_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "latin_nordic": (
        "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Jensen",
        "Nielsen", "Sørensen", "Rasmussen", "Andersson", "Johansson", "Karlsson", "Nilsson",
        "Eriksson", "Berg", "Haugen", "Bakken", "Lund", "Dahl", "Strand", "Holm", "Lindberg",
        "Sjöberg", "Ødegaard",
    ),
    "latin_finnish": (
        "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
        "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen",
        "Heinonen", "Niemi", "Heikkilä", "Kinnunen", "Salonen", "Turunen",
    ),
    "latin_other": (
        "Nowak", "Wójcik", "Kowalczyk", "Woźniak", "Mazur", "Krawczyk", "Kaczmarek", "García",
        "Rodríguez", "González", "Hernández", "López", "Martínez", "Dubois", "Lefèvre",
        "Moreau", "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Hodžić", "Hadžić",
        "Begić", "Mehmedović", "Delić", "Kovačević",
    ),
    "latin_african": (
        "Ahmed", "Mohamed", "Abdi", "Hassan", "Farah", "Warsame", "Jama", "Osman", "Yusuf",
        "Ali", "Gemechu", "Tolosa", "Tufa", "Mukendi", "Ilunga", "Kasongo", "Tshibangu",
        "Mbuyi", "Ngoy", "Kabamba", "Okafor", "Mensah", "Owusu", "Adeyemi",
    ),
    "latin_kurdish": (
        "Ehmed", "Mihemed", "Hesen", "Îbrahîm", "Xelîl", "Silêman", "Ismaîl", "Mistefa",
        "Osman", "Yûsif", "Aslan", "Demir", "Kaya", "Yıldız", "Aydın", "Polat", "Tekin",
        "Özdemir",
    ),
    "arabic": (
        "الأحمد", "الحسن", "العلي", "الخطيب", "حداد", "النجار", "الحلبي", "الشامي", "المصري",
        "العبيدي", "الجبوري", "التميمي", "الزعبي", "درويش", "حمدان", "صالح", "خليل", "منصور",
        "عثمان", "إسماعيل", "يوسف", "السيد",
    ),
    "persian": (
        "احمدی", "محمدی", "حسینی", "رضایی", "کریمی", "موسوی", "جعفری", "رحیمی", "قاسمی",
        "صادقی", "هاشمی", "نوری", "کاظمی", "عزیزی", "اکبری", "حیدری", "رسولی", "ابراهیمی",
        "یوسفی", "نظری", "سلطانی", "امیری", "قربانی", "شریفی",
    ),
    "pashto": (
        "احمدزی", "یوسفزی", "پوپلزی", "بارکزی", "اڅکزی", "نورزی", "مومند", "شینواري",
        "خټک", "ستانکزی", "افریدي", "وردګ", "کاکړ", "ځدراڼ", "منګل", "نیازی",
    ),
    "sorani": (
        "ئەحمەد", "محەمەد", "عەلی", "حەسەن", "کەریم", "عەبدوڵڵا", "ڕەسوڵ", "مەحموود", "قادر",
        "عومەر", "ساڵح", "عەزیز", "حوسێن", "بەرزنجی", "جاف", "ڕەشید", "ئەمین", "فەرەج",
        "ئیبراهیم",
    ),
    "ethiopic": (
        # Fathers' given names, used as the second name.
        "ተስፋይ", "ገብረመድህን", "ሃይለ", "ተኽለ", "ወልደሚካኤል", "በየነ", "ኪዳነ", "ተስፋማርያም",
        "ገብሩ", "ኣብርሃ", "መኮንን", "ታደሰ", "በቀለ", "ግርማ", "ወልዱ", "ሃብተ", "ጸጋይ", "ዘርኡ",
        "ንጉሰ", "ኣስመሮም", "ሙሉጌታ",
    ),
    "cyrillic": (
        "Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник", "Мельник",
        "Поліщук", "Бойко", "Ковальчук", "Лисенко", "Марченко", "Савченко", "Руденко",
        "Мороз", "Петренко", "Іваненко", "Шевчук", "Гнатюк", "Левченко",
    ),
    "myanmar": (
        # Common final name elements (Burmese names have no surname).
        "ဝင်း", "ကျော်", "အောင်", "ထွန်း", "မြင့်", "နိုင်", "ထက်", "ဇော်", "သိန်း", "လွင်",
        "စိုး", "မောင်", "ထူး", "ဇင်", "မြတ်", "ဖြိုး",
    ),
    "tamil": (
        # Sri Lankan Tamils commonly use the father's name as the family name.
        "சிவகுமார்", "ராஜேந்திரன்", "சுப்பிரமணியம்", "கணேசன்", "தங்கராஜா", "செல்வராஜா",
        "நடராஜா", "கந்தசாமி", "ரவிச்சந்திரன்", "பரமேஸ்வரன்", "சந்திரசேகரன்", "யோகநாதன்",
        "சிவலிங்கம்", "மகேந்திரன்", "இராமநாதன்", "கிருஷ்ணன்", "ஜெயக்குமார்",
    ),
    "thai": (
        "แสงทอง", "ศรีสุข", "วงศ์ใหญ่", "บุญมา", "ทองดี", "แก้วมณี", "สมบูรณ์", "จันทร์ดี",
        "ศรีวงศ์", "รุ่งเรือง", "ประเสริฐสุข", "มีสุข", "ใจดี", "พรหมมา", "สายทอง", "บุญเรือง",
    ),
    "vietnamese": (
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
        "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương",
    ),
}

INTERESTS: Final[tuple[str, ...]] = (
    "football", "basketball", "volleyball", "swimming", "cycling", "hiking", "running",
    "skiing", "ice skating", "climbing", "fishing", "chess", "board games", "gaming", "cooking",
    "baking", "sewing", "knitting", "music", "singing", "dancing", "drawing", "painting",
    "photography", "film", "theatre", "reading", "writing", "languages", "gardening",
    "volunteering", "programming", "science", "fashion",
)

PROFESSIONAL_FIELDS: Final[tuple[str, ...]] = (
    "health care", "nursing", "medicine", "engineering", "it", "teaching",
    "early childhood education", "construction", "transport", "logistics", "retail",
    "hospitality", "accounting", "finance", "law", "agriculture", "cleaning", "social work",
    "public administration", "research", "media", "manufacturing", "hairdressing",
    "vehicle mechanics",
)
# fmt: on
