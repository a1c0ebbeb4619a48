"""Figures and dates in other languages than English, read as English.

Figures are read in Arabic, Persian, French, German, Dutch, Russian, Ukrainian,
Portuguese, Spanish, Polish, Greek and Slovenian; dates in Arabic, Persian,
French, German, Dutch, Russian and Portuguese.

The parsers know one grammar, English's. Each language here is a table of
its phrases and the English words they stand for ("au moins" is "at
least", "عشرات" is "tens"), applied to the tokens of a text before the
English grammar reads them, so that every hedge, vague word and rule (and
the `HedgePolicy` that prices vague words) holds in every language. Words
that come after what they modify ("vendredi dernier", "il y a trois ans")
are moved to where English puts them.

The tables hold what reporting on casualties and dates uses; a phrase not
in them is not guessed at: the English grammar refuses it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from reconcile.values.numbers import TOKEN, normalise, tokenize

LAST_AFTER = "<last"
"""An English token meaning "last", written after the word it modifies ("vendredi dernier")."""
AGO_BEFORE = "ago>"
"""An English token meaning "ago", written before the figure it modifies ("il y a trois ans")."""

Table = Mapping[tuple[str, ...], tuple[str, ...]]

# -- figures -------------------------------------------------------------------------------

_FRENCH_FIGURES = {
    "au moins": "at least", "au minimum": "at least", "pas moins de": "no less than",
    "plus de": "more than", "plus d'": "more than", "près de": "nearly", "presque": "almost",
    "environ": "about", "quelque": "some", "approximativement": "approximately",
    "jusqu'à": "up to", "moins de": "fewer than", "au plus": "at most", "tout au plus": "at most",
    "quelques": "few", "plusieurs": "several", "des dizaines": "tens", "dizaines": "tens",
    "quelques dizaines": "few tens", "des centaines": "hundreds", "centaines": "hundreds",
    "des milliers": "thousands", "milliers": "thousands", "une douzaine": "a dozen",
    "une dizaine": "about 10", "une vingtaine": "about 20", "une trentaine": "about 30",
    "une cinquantaine": "about 50", "une centaine": "about 100",
    "près d'une centaine": "nearly 100", "près d'un millier": "nearly 1000",
    "un millier": "about 1000",
    "plus d'une centaine": "more than a hundred", "un certain nombre de": "a number of",
    "de nombreux": "multiple", "de nombreuses": "multiple", "multiples": "multiple",
    "jusqu'à présent": "so far", "jusqu'ici": "so far", "à ce stade": "so far",
    "le bilan": "the toll", "s'est alourdi à": "has risen to", "est passé à": "has risen to",
    "a atteint": "has reached", "autres": "others", "les autres": "the other",
    "encore": "another", "aucune victime": "no casualties", "aucun mort": "no deaths",
    "pas de victimes": "no casualties", "aucun blessé": "no injuries",
    "personne n'a été blessé": "nobody was hurt", "personne n'a été tué": "nobody was killed",
    "hommes": "men", "femmes": "women", "enfants": "children", "civils": "civilians",
    "soldats": "soldiers", "policiers": "policemen",
    "dont": "including", "parmi eux": "among them", "et": "and", "seulement": "only",
    "entre": "between",
    "un total de": "a total of", "au total": "in total",
    "un": "one", "une": "one", "deux": "two", "trois": "three", "quatre": "four", "cinq": "five",
    "six": "six", "sept": "seven", "huit": "eight", "neuf": "nine", "dix": "ten",
    "onze": "eleven", "douze": "twelve", "treize": "thirteen", "quatorze": "fourteen",
    "quinze": "fifteen", "seize": "sixteen", "vingt": "twenty", "trente": "thirty",
    "quarante": "forty", "cinquante": "fifty", "soixante": "sixty", "mille": "thousand",
}  # fmt: skip

_GERMAN_FIGURES = {
    "mindestens": "at least", "wenigstens": "at least", "zumindest": "at least",
    "nicht weniger als": "no fewer than", "mehr als": "more than", "über": "more than",
    "rund": "about", "etwa": "about", "ungefähr": "about", "zirka": "about",
    "annähernd": "nearly", "fast": "nearly", "beinahe": "nearly",
    "knapp": "nearly", "bis zu": "up to", "weniger als": "fewer than", "unter": "under",
    "höchstens": "at most", "dutzende": "dozens", "dutzend": "dozen", "ein dutzend": "a dozen",
    "hunderte": "hundreds", "tausende": "thousands", "mehrere": "several", "einige": "few",
    "ein paar": "few", "eine reihe von": "a number of", "zahlreiche": "multiple",
    "bislang": "so far", "bisher": "so far", "inzwischen": "so far",
    "die zahl der toten": "the toll", "die zahl der opfer": "the toll",
    "ist auf": "has risen to", "stieg auf": "rose to", "auf": "", "gestiegen": "so far",
    "weitere": "another", "mitarbeiter": "staff", "patienten": "patients",
    "jahren": "years", "jahre": "years",
    "die anderen": "the other", "die übrigen": "the other", "keine toten": "no deaths",
    "keine opfer": "no casualties", "keine verletzten": "no injuries",
    "niemand wurde verletzt": "nobody was hurt", "niemand wurde getötet": "nobody was killed",
    "männer": "men", "frauen": "women", "kinder": "children", "zivilisten": "civilians",
    "soldaten": "soldiers", "polizisten": "policemen",
    "darunter": "including", "davon": "of them", "und": "and", "nur": "only",
    "insgesamt": "in total",
    "ein": "one", "eine": "one", "eins": "one", "zwei": "two", "drei": "three", "vier": "four",
    "fünf": "five", "sechs": "six", "sieben": "seven", "acht": "eight", "neun": "nine",
    "zehn": "ten", "elf": "eleven", "zwölf": "twelve", "dreizehn": "thirteen",
    "vierzehn": "fourteen", "fünfzehn": "fifteen", "sechzehn": "sixteen", "siebzehn": "seventeen",
    "achtzehn": "eighteen", "neunzehn": "nineteen", "zwanzig": "twenty",
    "dreißig": "thirty", "vierzig": "forty", "fünfzig": "fifty", "sechzig": "sixty",
    "siebzig": "seventy", "achtzig": "eighty", "neunzig": "ninety", "hundert": "100",
    "tausend": "1000", "millionen": "million", "million": "million",
}  # fmt: skip

_DUTCH_FIGURES = {
    "minstens": "at least", "ten minste": "at least", "tenminste": "at least", "zeker": "at least",
    "van": "from", "tot": "to", "vielen er geen": "there were no",
    "op zijn minst": "at least", "meer dan": "more than", "ruim": "more than",
    "ongeveer": "about", "zo'n": "about", "rond de": "about",
    "omstreeks": "about", "bijna": "nearly", "tot wel": "up to", "hooguit": "at most",
    "maximaal": "at most", "minder dan": "fewer than", "tientallen": "tens",
    "honderden": "hundreds", "duizenden": "thousands", "enkele": "few", "een paar": "few",
    "verscheidene": "several", "meerdere": "multiple", "een aantal": "a number of",
    "een dozijn": "a dozen", "tot nu toe": "so far", "inmiddels": "so far",
    "tot dusver": "so far", "het dodental": "the toll", "is opgelopen tot": "has risen to",
    "opgelopen tot": "risen to", "steeg naar": "rose to", "nog eens": "another",
    "de andere": "the other", "de overige": "the other", "geen doden": "no deaths",
    "geen slachtoffers": "no casualties", "geen gewonden": "no injuries",
    "niemand raakte gewond": "nobody was hurt", "niemand is gewond geraakt": "nobody was hurt",
    "mannen": "men", "vrouwen": "women", "kinderen": "children", "burgers": "civilians",
    "soldaten": "soldiers", "agenten": "policemen",
    "waaronder": "including", "onder wie": "among them", "van wie": "of them", "en": "and",
    "slechts": "only", "in totaal": "in total",
    "één": "one", "twee": "two", "drie": "three", "vier": "four", "vijf": "five", "zes": "six",
    "zeven": "seven", "acht": "eight", "negen": "nine", "tien": "ten", "elf": "eleven",
    "twaalf": "twelve", "dertien": "thirteen", "veertien": "fourteen", "vijftien": "fifteen",
    "zestien": "sixteen", "zeventien": "seventeen", "achttien": "eighteen",
    "negentien": "nineteen", "twintig": "twenty", "dertig": "thirty", "veertig": "forty",
    "vijftig": "fifty", "zestig": "sixty", "zeventig": "seventy", "tachtig": "eighty",
    "negentig": "ninety", "honderd": "100", "duizend": "1000", "miljoen": "million",
}  # fmt: skip

_RUSSIAN_FIGURES = {
    "не менее": "no less than", "по меньшей мере": "at least", "как минимум": "at least",
    "минимум": "at least", "более": "more than", "свыше": "more than", "больше": "more than",
    "около": "about", "примерно": "about", "приблизительно": "about", "порядка": "about",
    "почти": "nearly", "до": "up to", "менее": "fewer than", "меньше": "fewer than",
    "не более": "no more than", "десятки": "tens", "сотни": "hundreds", "тысячи": "thousands",
    "несколько": "several", "несколько десятков": "several tens",
    "несколько сотен": "several hundred", "несколько тысяч": "several thousand",
    "ряд": "a number of", "на данный момент": "so far", "к настоящему времени": "so far",
    "пока": "so far", "число погибших": "the toll", "возросло до": "has risen to",
    "выросло до": "has risen to", "увеличилось до": "has risen to", "ещё": "another",
    "еще": "another", "остальные": "the other", "жертв нет": "no casualties",
    "погибших нет": "no deaths", "никто не пострадал": "nobody was hurt",
    "без жертв": "no casualties", "мужчин": "men", "мужчины": "men", "женщин": "women",
    "женщины": "women", "детей": "children", "дети": "children", "мирных жителей": "civilians",
    "военных": "soldiers", "военнослужащих": "soldiers", "полицейских": "policemen",
    "в том числе": "including", "из них": "of them",
    "среди них": "among them", "и": "and", "всего": "in total",
    "погибли": "", "погиб": "", "убиты": "", "полтысячи": "500", "двумя": "two",
    "один": "one", "одна": "one", "два": "two", "две": "two", "три": "three", "четыре": "four",
    "пять": "five", "шесть": "six", "семь": "seven", "восемь": "eight", "девять": "nine",
    "десять": "ten", "одиннадцать": "eleven", "двенадцать": "twelve", "двадцать": "twenty",
    "тридцать": "thirty", "сорок": "forty", "пятьдесят": "fifty", "шестьдесят": "sixty",
    "семьдесят": "seventy", "восемьдесят": "eighty", "девяносто": "ninety", "сто": "100",
    "тысяча": "thousand", "тысяч": "thousand", "миллион": "million", "миллиона": "million",
}  # fmt: skip

_ARABIC_FIGURES = {
    "على الأقل": "at least", "ما لا يقل عن": "no less than", "لا يقل عن": "no less than",
    "أكثر من": "more than", "أزيد من": "more than", "نحو": "about", "حوالي": "about",
    "قرابة": "about", "زهاء": "about", "ما يقرب من": "nearly", "أقل من": "fewer than",
    "عشرات": "tens", "العشرات": "tens", "مئات": "hundreds", "المئات": "hundreds",
    "آلاف": "thousands", "الآلاف": "thousands", "عدة": "several", "عدد من": "a number of",
    "بضعة": "few", "بضع": "few", "حتى الآن": "so far", "حتى اللحظة": "so far",
    "ارتفعت حصيلة القتلى إلى": "the toll has risen to",
    "ارتفع عدد القتلى إلى": "the toll has risen to",
    "ارتفعت الحصيلة إلى": "the toll has risen to", "آخرين": "others",
    "لا إصابات": "no injuries", "لا ضحايا": "no casualties", "لا قتلى": "no deaths",
    "لم يصب أحد": "nobody was hurt", "دون وقوع إصابات": "no casualties",
    "رجال": "men", "نساء": "women", "أطفال": "children", "مدنيين": "civilians",
    "مدنيون": "civilians", "جنود": "soldiers", "شرطة": "police",
    "بينهم": "among them", "من بينهم": "among them", "منهم": "of them",
    # Words that open a figure without changing it: "the killing of 50", "the fall of 50".
    "مقتل": "", "سقوط": "", "استشهاد": "", "إصابة": "", "قتل": "", "وفاة": "",
    "أحد عشر": "eleven", "اثنا عشر": "twelve", "ثلاثة عشر": "thirteen", "أربعة عشر": "fourteen",
    "خمسة عشر": "fifteen", "ستة عشر": "sixteen", "سبعة عشر": "seventeen",
    "ثمانية عشر": "eighteen", "تسعة عشر": "nineteen", "و": "and",
    "واحد": "one", "اثنان": "two", "اثنين": "two", "ثلاثة": "three", "ثلاث": "three",
    "أربعة": "four", "أربع": "four", "خمسة": "five", "خمس": "five", "ستة": "six", "ست": "six",
    "سبعة": "seven", "سبع": "seven", "ثمانية": "eight", "تسعة": "nine", "تسع": "nine",
    "عشرة": "ten", "عشر": "ten", "عشرون": "twenty", "عشرين": "twenty", "ثلاثون": "thirty",
    "ثلاثين": "thirty", "أربعون": "forty", "أربعين": "forty", "خمسون": "fifty",
    "خمسين": "fifty", "ستون": "sixty", "ستين": "sixty", "سبعون": "seventy", "سبعين": "seventy",
    "ثمانون": "eighty", "ثمانين": "eighty", "تسعون": "ninety", "تسعين": "ninety",
    "مائة": "100", "مئة": "100", "ألف": "1000",
}  # fmt: skip

_PERSIAN_FIGURES = {
    "دست کم": "at least", "دستکم": "at least", "حداقل": "at least", "بیش از": "more than",
    "بیشتر از": "more than", "حدود": "about", "حدودا": "about", "تقریبا": "about",
    "نزدیک به": "nearly", "کمتر از": "fewer than", "حداکثر": "at most", "ده‌ها": "tens",
    "صدها": "hundreds", "هزاران": "thousands", "چند": "several", "چندین": "several",
    "تعدادی": "a number of", "تاکنون": "so far", "تا کنون": "so far", "تا این لحظه": "so far",
    "هیچ تلفاتی": "no casualties", "هیچ کس آسیب ندید": "nobody was hurt",
    "مرد": "men", "زن": "women", "کودک": "children", "غیرنظامی": "civilians",
    "سرباز": "soldiers", "از جمله": "including", "و": "and",
    "یک": "one", "دو": "two", "سه": "three", "چهار": "four", "پنج": "five", "شش": "six",
    "هفت": "seven", "هشت": "eight", "نه": "nine", "ده": "ten", "یازده": "eleven",
    "دوازده": "twelve", "بیست": "twenty", "سی": "thirty", "چهل": "forty", "پنجاه": "fifty",
    "شصت": "sixty", "هفتاد": "seventy", "هشتاد": "eighty", "نود": "ninety", "صد": "100",
    "هزار": "1000", "میلیون": "million",
}  # fmt: skip

# Languages met in real reporting beyond the six: their commonest hedges and words.
_UKRAINIAN_FIGURES = {
    "мінімум": "at least", "щонайменше": "at least", "принаймні": "at least",
    "понад": "more than", "більше": "more than", "близько": "about", "майже": "nearly",
    "тисячі": "thousands", "сотні": "hundreds", "десятки": "tens", "кілька": "several",
    "ще": "another", "зросла до": "has risen to", "зросло до": "has risen to",
}  # fmt: skip
_PORTUGUESE_FIGURES = {
    "pelo menos": "at least", "ao menos": "at least", "aos menos": "at least",
    "no mínimo": "at least", "mais de": "more than", "cerca de": "about", "quase": "nearly",
    "dezenas": "tens", "centenas": "hundreds", "milhares": "thousands", "outras": "another",
    "outros": "another", "incluindo": "including", "incluídas": "including",
    "incluídos": "including", "entre eles": "among them", "crianças": "children",
    "mulheres": "women", "civis": "civilians", "pacientes": "patients", "e": "and",
    "dois": "two", "duas": "two", "três": "three", "nenhum morto": "no deaths",
    "entre": "between",
}  # fmt: skip
_SPANISH_FIGURES = {
    "al menos": "at least", "por lo menos": "at least", "más de": "more than",
    "casi": "nearly", "unos": "about", "unas": "about", "decenas": "tens",
    "cientos": "hundreds", "entre ellos": "among them",
    "miembros": "members", "niños": "children", "y": "and", "entre": "between",
}  # fmt: skip
_POLISH_FIGURES = {
    "co najmniej": "at least", "przynajmniej": "at least", "ponad": "more than",
    "około": "about", "prawie": "nearly", "dziesiątki": "tens", "setki": "hundreds",
    "setkach": "hundreds", "tysiące": "thousands", "wzrosła do": "has risen to",
    "wzrósł do": "has risen to",
}  # fmt: skip
_GREEK_FIGURES = {
    "τουλάχιστον": "at least", "περίπου": "about", "πάνω από": "more than",
    "περισσότεροι από": "more than", "σχεδόν": "nearly", "δεκάδες": "tens",
    "εκατοντάδες": "hundreds",
}  # fmt: skip
_SLOVENIAN_FIGURES = {
    "več kot": "more than", "vsaj": "at least", "najmanj": "at least", "približno": "about",
    "skoraj": "nearly",
}  # fmt: skip

# -- dates ---------------------------------------------------------------------------------

_MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "ru-nominative": "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь "
    "декабрь",
    "ru-prepositional": "январе феврале марте апреле мае июне июле августе сентябре октябре "
    "ноябре декабре",
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    "ar-levant": "كانون_الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين_الأول "
    "تشرين_الثاني كانون_الأول",
    "fa": "ژانویه فوریه مارس آوریل مه ژوئن ژوئیه اوت سپتامبر اکتبر نوامبر دسامبر",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
}
_ENGLISH_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_WEEKDAYS = {
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "de": "montag dienstag mittwoch donnerstag freitag samstag sonntag",
    "nl": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
    "ru": "понедельник вторник среду четверг пятницу субботу воскресенье",
    "ru-nominative": "понедельник вторник среда четверг пятница суббота воскресенье",
    "ar": "الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد",
    "fa": "دوشنبه سه‌شنبه چهارشنبه پنجشنبه جمعه شنبه یکشنبه",
}
_ENGLISH_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_DATE_WORDS = {
    # French
    "hier": "yesterday", "aujourd'hui": "today", "dernier": LAST_AFTER, "dernière": LAST_AFTER,
    "la semaine dernière": "last week", "le mois dernier": "last month",
    "l'an dernier": "last year", "l'année dernière": "last year", "il y a": AGO_BEFORE,
    "ans": "years", "jours": "days", "mois": "months", "semaines": "weeks", "le": "the",
    "la": "the", "l'": "the", "du": "the", "au": "to", "entre": "between", "et": "and",
    "en": "in", "à l'aube": "at dawn", "avant l'aube": "before dawn", "1er": "1 st",
    "vers": "around", "dans": "in", "nuit": "night", "matin": "morning", "soir": "evening",
    # German
    "gestern": "yesterday", "heute": "today", "letzten": "last", "letzte": "last",
    "vergangenen": "last", "vergangene": "last", "letzte woche": "last week",
    "letzten monat": "last month", "letztes jahr": "last year", "vor": AGO_BEFORE,
    "jahren": "years", "tagen": "days", "monaten": "months", "wochen": "weeks", "am": "on",
    "im": "in", "um": "at", "gegen": "around", "vor sonnenaufgang": "before dawn",
    "im morgengrauen": "at dawn", "bis": "to", "vom": "on", "vor einem jahr": "a year ago",
    "nacht": "night", "morgen": "morning", "abend": "evening",
    # Dutch
    "gisteren": "yesterday", "vandaag": "today", "afgelopen": "last", "vorige": "last",
    "vorige week": "last week", "vorige maand": "last month", "vorig jaar": "last year",
    "geleden": "ago", "jaar": "years", "dagen": "days", "maanden": "months", "weken": "weeks",
    "op": "on", "rond": "around", "voor zonsopgang": "before dawn", "tot": "to",
    # Russian
    "вчера": "yesterday", "сегодня": "today", "в прошлую": "last", "в прошлый": "last",
    "в прошлое": "last", "на прошлой неделе": "last week", "в прошлом месяце": "last month",
    "в прошлом году": "last year", "назад": "ago", "лет назад": "years ago",
    "года назад": "years ago", "год назад": "year ago", "года": "", "году": "", "г": "",
    "дней": "days", "дня": "days", "месяцев": "months", "недель": "weeks", "в": "on",
    "во": "on", "на рассвете": "at dawn", "около": "around", "с": "from", "по": "to",
    "утром": "morning", "вечером": "evening", "ночью": "night",
    # Arabic
    "أمس": "yesterday", "امس": "yesterday", "الماضي": LAST_AFTER, "الماضية": LAST_AFTER,
    "الأسبوع الماضي": "last week", "الشهر الماضي": "last month", "العام الماضي": "last year",
    "اليوم": "today", "قبل": AGO_BEFORE, "قبل الفجر": "before dawn", "سنوات": "years",
    "سنة": "years", "أيام": "days", "أشهر": "months", "في": "on", "يوم": "on", "فجر": "dawn",
    "الفجر": "dawn", "نحو": "around", "حوالي": "around", "الساعة": "", "مساء": "evening",
    "صباح": "morning", "الموافق": "", "من": "of", "عام": "", "العام": "", "لعام": "", "ال": "",
    "م": "",
    # Portuguese
    "no último": "", "último": "", "passado": "", "em": "on", "de": "of", "ontem": "yesterday",
    "hoje": "today",
    # Persian
    "دیروز": "yesterday", "امروز": "today", "گذشته": LAST_AFTER, "پیش": "ago", "سال": "years",
    "روز": "on", "در": "on", "ماه": "months", "هفته گذشته": "last week",
    "ماه گذشته": "last month", "سال گذشته": "last year",
}  # fmt: skip

_MONTHS_EN = frozenset(_ENGLISH_MONTHS)

_SOLAR_HIJRI_MONTHS = frozenset(
    normalise(word)
    for word in [
        "فروردین",
        "اردیبهشت",
        "خرداد",
        "تیر",
        "مرداد",
        "شهریور",
        "مهر",
        "آبان",
        "آذر",
        "دی",
        "بهمن",
        "اسفند",
    ]
)
"""Months of the Iranian calendar: a date in it is refused, not read as a Gregorian one."""


def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(TOKEN.findall(normalise(phrase.replace("_", " "))))


def _table(*tables: Mapping[str, str]) -> Table:
    """The phrases of `tables`, as token tuples, each with the English tokens it stands for."""
    entries: dict[tuple[str, ...], tuple[str, ...]] = {}
    for table in tables:
        for phrase, english in table.items():
            entries[_phrase_key(phrase)] = tuple(english.split())
    return MappingProxyType(entries)


def _names(names: Mapping[str, str], english: Sequence[str]) -> dict[str, str]:
    return {
        word: english[index] for words in names.values() for index, word in enumerate(words.split())
    }


FIGURES: Table = _table(
    _UKRAINIAN_FIGURES,
    _PORTUGUESE_FIGURES,
    _SPANISH_FIGURES,
    _POLISH_FIGURES,
    _GREEK_FIGURES,
    _SLOVENIAN_FIGURES,
    _FRENCH_FIGURES,
    _GERMAN_FIGURES,
    _DUTCH_FIGURES,
    _RUSSIAN_FIGURES,
    _ARABIC_FIGURES,
    _PERSIAN_FIGURES,
)
"""Every language's phrases for figures, with the English they read as."""


_CONTINENTAL = frozenset(
    _phrase_key(word)[0]
    for word in [
        "moins",
        "environ",
        "près",
        "dizaines",
        "centaines",
        "milliers",
        "quelques",
        "plusieurs",
        "morts",
        "blessés",
        "victimes",
        "personnes",
        "dont",
        "bilan",
        "autres",
        "tués",
        "civils",
        "enfants",
        "femmes",
        "mindestens",
        "mehr",
        "als",
        "rund",
        "etwa",
        "ungefähr",
        "knapp",
        "weniger",
        "höchstens",
        "dutzende",
        "hunderte",
        "tausende",
        "mehrere",
        "einige",
        "tote",
        "toten",
        "verletzte",
        "menschen",
        "opfer",
        "darunter",
        "davon",
        "kinder",
        "frauen",
        "zivilisten",
        "über",
        "minstens",
        "ongeveer",
        "bijna",
        "meer",
        "dan",
        "ruim",
        "minder",
        "tientallen",
        "honderden",
        "duizenden",
        "enkele",
        "doden",
        "gewonden",
        "mensen",
        "slachtoffers",
        "waaronder",
        "kinderen",
        "vrouwen",
        "burgers",
        "zeker",
        "cerca",
        "pelo",
        "menos",
        "pessoas",
        "mortos",
        "mortes",
        "feridos",
        "crianças",
        "más",
        "personas",
        "muertos",
        "heridos",
        "ponad",
        "około",
        "osób",
        "ljudi",
        "mrtvih",
        "ranjenih",
        "vsaj",
        "najmanj",
        "približno",
        "skoraj",
    ]
)
"""Words (none of them English) of the languages that write "3.000" for three thousand and
"2,5" for two and a half; Russian is known by its script."""

# German and Dutch join units to tens in one word: "zweiundzwanzig", "tweeëntwintig".
_COMPOUND_UNITS = dict(
    zip(
        [
            "ein",
            "zwei",
            "drei",
            "vier",
            "fünf",
            "sechs",
            "sieben",
            "acht",
            "neun",
            "een",
            "twee",
            "drie",
            "vier",
            "vijf",
            "zes",
            "zeven",
            "acht",
            "negen",
        ],
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
        ],
        strict=True,
    )
)
_COMPOUND_TENS = dict(
    zip(
        [
            "zwanzig",
            "dreißig",
            "vierzig",
            "fünfzig",
            "sechzig",
            "siebzig",
            "achtzig",
            "neunzig",
            "twintig",
            "dertig",
            "veertig",
            "vijftig",
            "zestig",
            "zeventig",
            "tachtig",
            "negentig",
        ],
        [
            "twenty",
            "thirty",
            "forty",
            "fifty",
            "sixty",
            "seventy",
            "eighty",
            "ninety",
            "twenty",
            "thirty",
            "forty",
            "fifty",
            "sixty",
            "seventy",
            "eighty",
            "ninety",
        ],
        strict=True,
    )
)
_COMPOUND = re.compile(rf"^({'|'.join(_COMPOUND_UNITS)})(?:und|en|ën)({'|'.join(_COMPOUND_TENS)})$")


_UNIT_VALUES = dict(
    zip(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
        range(1, 10),
        strict=True,
    )
)
_SCALED = re.compile(rf"^({'|'.join(_COMPOUND_UNITS)})(hundert|honderd|tausend|duizend)$")


def is_continental(text: str) -> bool:
    """Whether the words of `text` say that it writes numbers the continental way."""
    words = TOKEN.findall(normalise(text))
    return any(word in _CONTINENTAL or _CYRILLIC_OR_GREEK.search(word) for word in words)


_CYRILLIC_OR_GREEK = re.compile("[\u0370-\u04ff]")


def figure_tokens(text: str) -> list[str]:
    """The tokens of a figure's text, its words in other languages put into English."""
    tokens = tokenize(text, european=is_continental(text))
    return translate(_split_compounds(tokens), FIGURES)


def _number_words(table: Table) -> dict[str, str]:
    """The entries of `table` that are number words, which dates need too ("vor drei Jahren")."""
    numbers = set(_COMPOUND_UNITS.values()) | set(_COMPOUND_TENS.values())
    numbers |= {"ten", "eleven", "twelve", "hundred", "thousand"}
    return {
        " ".join(phrase): english[0]
        for phrase, english in table.items()
        if len(english) == 1 and english[0] in numbers and phrase != ("sept",)  # "Sept 1"
    }


def date_tokens(text: str) -> list[str]:
    """The tokens of a date's text, its words in other languages put into English.

    A month of the Iranian (Solar Hijri) calendar is left as it is, for the
    date parser to refuse by name; see `is_solar_hijri_month`.
    """
    return _reorder(translate(_split_compounds(tokenize(text)), DATES))


def is_solar_hijri_month(token: str) -> bool:
    """Whether a token is a month of the Iranian calendar, which the date parser does not read."""
    return token in _SOLAR_HIJRI_MONTHS


def translate(tokens: Sequence[str], table: Table) -> list[str]:
    """Replace each phrase of `table` in `tokens` by its English, longest phrase first."""
    longest = _longest(table)
    result: list[str] = []
    position = 0
    while position < len(tokens):
        for size in range(min(longest, len(tokens) - position), 0, -1):
            english = table.get(tuple(tokens[position : position + size]))
            if english is not None:
                result.extend(english)
                position += size
                break
        else:
            result.append(tokens[position])
            position += 1
    return result


_LONGEST: dict[int, int] = {}


def _longest(table: Table) -> int:
    """The most tokens a phrase of `table` has, worked out once per table."""
    key = id(table)
    if key not in _LONGEST:
        _LONGEST[key] = max((len(phrase) for phrase in table), default=0)
    return _LONGEST[key]


def _split_compounds(tokens: list[str]) -> list[str]:
    """Write "zweiundzwanzig" as "twenty - two" and "vijfhonderd" as "500", as English does."""
    result: list[str] = []
    for token in tokens:
        match = _COMPOUND.match(token)
        scaled = _SCALED.match(token)
        if match is not None:
            result.extend([_COMPOUND_TENS[match[2]], "-", _COMPOUND_UNITS[match[1]]])
        elif scaled is not None:
            unit = _UNIT_VALUES[_COMPOUND_UNITS[scaled[1]]]
            result.append(str(unit * (100 if scaled[2] in ("hundert", "honderd") else 1000)))
        else:
            result.append(token)
    return result


def _reorder(tokens: list[str]) -> list[str]:
    """Put words that other languages write after (or before) their word where English does.

    A month named twice with a slash ("آب/ أغسطس", the Levantine and the Egyptian name) is
    named once.
    """
    result: list[str] = []
    ago = False
    for token in tokens:
        if len(result) >= 2 and result[-1] == "/" and result[-2] == token and token in _MONTHS_EN:
            result.pop()
        elif token == LAST_AFTER and result:
            result.insert(len(result) - 1, "last")
        elif token == AGO_BEFORE:
            ago = True
        else:
            result.append(token)
    return [*result, "ago"] if ago else result


DATES: Table = _table(
    _number_words(FIGURES),
    _names(_MONTHS, _ENGLISH_MONTHS),
    _names(_WEEKDAYS, _ENGLISH_WEEKDAYS),
    _DATE_WORDS,
)
"""Every language's month and weekday names, number words and date phrases, in English."""
