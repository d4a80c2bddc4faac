extension LanguageProfile {
    static let english = LanguageProfile(
        code: "en",
        share: 55,
        headWords: words(
            """
            the of and to in a that is for on with as by was at from it has be are this have its
            an which were said will also had their been not he his more or but they would other
            between after about than into over new two one all first who we our can there under
            against such only these those both well during within through while since before may
            could should must cooperation president azerbaijan security development alliance peace
            partnership country region regional state states international meeting minister foreign
            defence military support energy relations partner role process dialogue agenda political
            delegation representative representatives permanent member members operations operation
            mission missions contribution program programs framework summit council secretary
            general assistant deputy head government ministry army forces troops armed peacekeepers
            peacekeeping border borders territorial integrity sovereignty conflict occupation
            liberation agreement agreements talks negotiations normalization delimitation
            demarcation visit visited headquarters capital official officials leader national
            strategic important significant reliable close mutual bilateral multilateral global
            european euro atlantic transport logistics gas oil supply pipeline corridor climate
            green economic trade investment humanitarian assistance discussed emphasized stressed
            noted underlined highlighted expressed praised welcomed announced reported added
            continued held attended received met signed adopted declared participated ensuring
            expanding strengthening issues matters interest views prospects opportunities
            achievements efforts situation stability threats terrorism training exercises standards
            reform modernization interoperability capabilities experts sides parties nations
            countries allies allied year years today week month day statement press conference
            event session forum region's country's alliance's future current further recent
            practical successful active actively highly broad special main key major joint common
            regard context field fields area areas level levels part parts number example
            contribution contributions services personnel staff command land air naval sea
            exercise plan plans planning review analysis capability capacity expansion evacuation
            civilians airport crisis war post peaceful solution resolution settlement sovereign
            independent independence republic leadership people society public institute director
            university experts research opinion interview spoke told asked answered stated
            according also however therefore meanwhile additionally earlier later again once still
            """),
        onsets: [
            "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w",
            "st", "tr", "pr", "br", "gr", "pl", "cl", "ch", "sh", "th", "sp", "fr", "dr",
        ],
        backVowels: ["a", "e", "i", "o", "u", "a", "e", "i", "o", "ea", "ou", "y"],
        frontVowels: ["a", "e", "i", "o", "u", "a", "e", "i", "o", "ea", "ou", "y"],
        codas: ["n", "r", "s", "t", "l", "m", "nd", "st", "ng", "ck", "nt", "rd"],
        minimumSyllables: 1,
        backSuffixes: ["s", "ed", "ing", "er", "ly", "ation", "al"],
        frontSuffixes: ["s", "ed", "ing", "er", "ly", "ation", "al"],
        entities: [
            "NATO", "Azerbaijan", "Ilham Aliyev", "Baku", "Brussels", "Afghanistan", "Armenia",
            "Türkiye", "Turkey", "Turkiye", "Jens Stoltenberg", "Stoltenberg",
            "the Resolute Support Mission", "the Partnership for Peace", "Hikmet Hajiyev",
            "the North Atlantic Council", "Zakir Hasanov", "Heydar Aliyev", "Euro-Atlantic",
            "Azerbaijan-NATO", "AZERTAC", "the South Caucasus", "Central Asia", "Kabul", "COP29",
            "Mark Rutte", "Javier Colomina", "James Appathurai", "Jeyhun Bayramov", "Georgia",
            "Ukraine", "Russia", "the European Union", "the Individual Partnership Action Plan",
            "the Planning and Review Process", "the Southern Gas Corridor", "Karabakh", "Ankara",
            "Washington", "Recep Tayyip Erdoğan", "Hulusi Akar", "Basat Öztürk",
            "Zeki Levent Gümrükçü", "Svante Cornell", "Metin Tokel", "Raimonds Bergmanis",
            "NATO's", "Azerbaijan's", "Azerbaijan’s", "Turkiye's", "120,000", "1994", "2002",
        ],
        persons: [
            "Ilham Aliyev", "President Ilham Aliyev", "Jens Stoltenberg", "Hikmet Hajiyev",
            "Zakir Hasanov", "Mark Rutte", "Jeyhun Bayramov", "Javier Colomina",
            "James Appathurai", "Hulusi Akar",
        ],
        cities: ["Baku", "Brussels", "Ankara", "Washington", "Tbilisi", "Vilnius", "Madrid"],
        sentences: [
            "President of the Republic of Azerbaijan Ilham Aliyev received a NATO delegation.",
            "The meeting featured discussions on the Azerbaijan-NATO cooperation and development of practical cooperation.",
            "NATO member states stressed the role of Azerbaijan in the Resolute Support mission.",
            "The head of state expressed his gratitude for the congratulations.",
            "Azerbaijan has been actively participating in the NATO’s programs since 1994 within the framework of NATO's Partnership for Peace Program.",
            "NATO officials highlighted the role of the Azerbaijani military in the evacuation of more than 120,000 civilians through Kabul airport.",
            "During the meeting, the sides exchanged views on other issues of mutual interest.",
            "Azerbaijani peacekeepers were the last military personnel to leave Afghanistan.",
            "The parties also stressed the close friendly and strategic partnership between Azerbaijan and NATO member states.",
            "It was noted that Azerbaijan was a reliable partner in the field of energy supply and contributed to Europe's energy security.",
            "Representatives of allied nations expressed their support for Azerbaijan's territorial integrity and sovereignty.",
            "A meeting of the North Atlantic Council has been held in Brussels, capital of the Kingdom of Belgium.",
            "Hasanov stressed the successful development of Azerbaijan-NATO relations.",
            "We highly appreciate durable dialogue with NATO countries.",
        ],
        months: [
            "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December",
        ],
        titles: [
            "{P} receives NATO delegation",
            "{P} meets {Q} in {C}",
            "NATO and Azerbaijan discuss {W} {W} in {C}",
            "{P} attends NATO summit in {C}",
            "Azerbaijan-NATO cooperation on {W} discussed in {C}",
            "{P}: Azerbaijan is a reliable partner of NATO",
            "{P} participates in political dialogue in the \"NATO + Azerbaijan\" format in {C}",
            "NATO official: Azerbaijan's contribution to {W} {W} highly appreciated",
        ]
    )
}
