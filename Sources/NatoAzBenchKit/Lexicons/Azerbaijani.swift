extension LanguageProfile {
    static let azerbaijani = LanguageProfile(
        code: "az",
        share: 15,
        headWords: words(
            """
            və bu ilə bir də ki üçün olan olunub edib edilib qeyd vurğulayıb bildirib həmçinin
            isə daha ən çox kimi sonra əvvəl artıq arasında tərəfindən haqqında barədə görə üzrə
            əməkdaşlıq əməkdaşlığı əməkdaşlığın təhlükəsizlik təhlükəsizliyi tərəfdaşlıq
            tərəfdaşlığı görüş görüşdə görüşü ölkə ölkənin ölkələr ölkələri dövlət dövləti
            dövlətin nazir naziri müdafiə xarici işlər baş katib katibi nümayəndə nümayəndəsi
            heyəti sülh sülhün danışıqlar razılaşma region regionda regional rol rolu töhfə
            dəstək dəstəyi məsələlər məsələləri münasibətlər münasibətləri inkişaf inkişafı
            proqram proqramı əməliyyat əməliyyatlar missiya hərbi silahlı qüvvələr qüvvələri
            tərəflər müzakirə fikir mübadiləsi aparılıb strateji enerji beynəlxalq mühüm
            əhəmiyyətli ikitərəfli təlim təlimlər ordu ordunun sərhəd sərhədlərin ərazi
            bütövlüyü suverenlik münaqişə normallaşma delimitasiya nəqliyyat dəhliz qaz neft
            iqlim yaşıl il ilin gün həftə bəyanat mətbuat konfrans tədbir sessiya forum
            prezident prezidenti dövlətimizin başçısı qəbul görüşüb iştirak fəal yüksək
            qiymətləndirilib xidmətləri sülhməramlı hərbçilər gündəliyi irəlilədilməsi
            perspektivləri ətrafında qlobal etibarlı tərəfdaş dost qardaş müttəfiq
            """),
        onsets: [
            "b", "c", "ç", "d", "f", "g", "ğ", "h", "x", "j", "k", "q", "l", "m", "n", "p", "r",
            "s", "ş", "t", "v", "y", "z",
        ],
        backVowels: ["a", "ı", "o", "u"],
        frontVowels: ["ə", "e", "i", "ö", "ü"],
        codas: ["n", "r", "l", "m", "s", "ş", "t", "q", "z", "y"],
        minimumSyllables: 2,
        backSuffixes: ["lar", "da", "dan", "ın", "ı", "la", "nın", "lardan", "lıq"],
        frontSuffixes: ["lər", "də", "dən", "in", "i", "lə", "nin", "lərdən", "lik"],
        entities: [
            "NATO", "Azərbaycan", "Azərbaycanın", "İlham Əliyev", "Prezident İlham Əliyev",
            "Bakı", "Bakıda", "Brüssel", "Brüsseldə", "Əfqanıstan", "Əfqanıstanda", "Ermənistan",
            "Türkiyə", "Yens Stoltenberq", "Stoltenberq", "Qətiyyətli dəstək",
            "Sülh naminə tərəfdaşlıq", "Hikmət Hacıyev", "Zakir Həsənov", "Heydər Əliyev",
            "Şimali Atlantika Şurası", "Cənubi Qafqaz", "AZƏRTAC", "Kabil", "COP29", "Mark Rutte",
            "Ceyhun Bayramov", "Qarabağ", "Şuşa", "Ankara", "Avro-Atlantik", "NATO-nun", "1994",
        ],
        persons: [
            "İlham Əliyev", "Prezident İlham Əliyev", "Yens Stoltenberq", "Hikmət Hacıyev",
            "Zakir Həsənov", "Mark Rutte", "Ceyhun Bayramov",
        ],
        cities: ["Bakı", "Brüssel", "Ankara", "Vaşinqton", "Tbilisi"],
        sentences: [
            "Prezident İlham Əliyev NATO-nun Baş katibi Yens Stoltenberqlə görüşüb.",
            "Görüşdə Azərbaycan ilə NATO arasında əməkdaşlığın perspektivləri müzakirə olunub.",
            "Azərbaycan sülhməramlıları Əfqanıstanı sonuncu tərk edən hərbçilər olublar.",
            "Qətiyyətli dəstək missiyasında Azərbaycan Silahlı Qüvvələrinin xidmətləri yüksək qiymətləndirilib.",
            "Azərbaycan 1994-cü ildən NATO-nun Sülh naminə tərəfdaşlıq proqramında fəal iştirak edir.",
            "Tərəflər regional və qlobal məsələlər ətrafında fikir mübadiləsi aparıblar.",
            "Dövlətimizin başçısı Azərbaycanın Avropanın enerji təhlükəsizliyində rolunu vurğulayıb.",
            "Görüşdə Ermənistanla sülh gündəliyinin irəlilədilməsi məsələsi də müzakirə edilib.",
            "Müdafiə naziri general-polkovnik Zakir Həsənov NATO nümayəndə heyətini qəbul edib.",
            "Şimali Atlantika Şurasının iclası Brüsseldə keçirilib.",
        ],
        months: [
            "yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr",
            "oktyabr", "noyabr", "dekabr",
        ],
        titles: [
            "{P} NATO nümayəndə heyətini qəbul edib",
            "{C} şəhərində Azərbaycan–NATO görüşü keçirilib",
            "{P} {Q} ilə görüşüb",
            "Azərbaycan və NATO {W} {W} müzakirə edib",
            "{P}: Azərbaycan NATO-nun etibarlı tərəfdaşıdır",
        ]
    )
}
