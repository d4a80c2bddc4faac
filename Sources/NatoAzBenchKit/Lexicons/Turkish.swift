extension LanguageProfile {
    static let turkish = LanguageProfile(
        code: "tr",
        share: 10,
        headWords: words(
            """
            ve bir bu ile de da için olarak olan gibi daha en çok sonra önce ise ancak kadar
            arasında tarafından hakkında göre üzerine cumhurbaşkanı işbirliği işbirliğinin
            güvenlik güvenliği ortaklık ortaklığı görüşme görüşmede ülke ülkenin ülkeler ülkeleri
            devlet devletin bakan bakanı savunma dışişleri genel sekreter sekreteri temsilci
            temsilcisi heyet heyeti barış barışın müzakereler anlaşma bölge bölgede bölgesel rol
            rolü katkı destek desteği konular konularda ilişkiler ilişkileri gelişme gelişimi
            program programı operasyon operasyonlar misyon askeri silahlı kuvvetler kuvvetleri
            taraflar görüştü görüşüldü ele alındı vurguladı belirtti ifade etti söyledi açıkladı
            stratejik enerji uluslararası önemli ikili tatbikat tatbikatlar ordu ordusu sınır
            sınırların toprak bütünlüğü egemenlik çatışma normalleşme ulaştırma koridor doğal
            gaz petrol iklim yeşil yıl yılın gün hafta açıklama basın toplantı toplantıda
            etkinlik oturum forum kardeş dost ittifak müttefik müttefiklik kabul etti görüş
            alışverişinde bulundu meseleler küresel son gelişmeler değerlendirildi takdirle
            karşılandı barış gücü askerleri personel
            """),
        onsets: [
            "b", "c", "ç", "d", "f", "g", "ğ", "h", "j", "k", "l", "m", "n", "p", "r", "s", "ş",
            "t", "v", "y", "z",
        ],
        backVowels: ["a", "ı", "o", "u"],
        frontVowels: ["e", "i", "ö", "ü"],
        codas: ["n", "r", "l", "m", "s", "ş", "t", "k", "z", "y"],
        minimumSyllables: 2,
        backSuffixes: ["lar", "da", "dan", "ın", "ı", "la", "nın", "lardan", "lık"],
        frontSuffixes: ["ler", "de", "den", "in", "i", "le", "nin", "lerden", "lik"],
        entities: [
            "NATO", "Azerbaycan", "İlham Aliyev", "Cumhurbaşkanı İlham Aliyev", "Bakü",
            "Bakü'yü", "Bakü'de", "Brüksel", "Brüksel'de", "Afganistan", "Ermenistan", "Türkiye",
            "Türkiye'nin", "Jens Stoltenberg", "Stoltenberg", "Kararlı Destek",
            "Barış için Ortaklık", "Hikmet Hacıyev", "Zakir Hasanov", "Haydar Aliyev",
            "Kuzey Atlantik Konseyi", "Güney Kafkasya", "Anadolu Ajansı", "Kabil", "COP29",
            "Mark Rutte", "Ceyhun Bayramov", "Karabağ", "Şuşa", "Ankara",
            "Recep Tayyip Erdoğan", "Hulusi Akar", "Yaşar Güler", "Hakan Fidan", "NATO'nun",
            "Azerbaycan'ın",
        ],
        persons: [
            "İlham Aliyev", "Cumhurbaşkanı İlham Aliyev", "Jens Stoltenberg", "Hikmet Hacıyev",
            "Zakir Hasanov", "Mark Rutte", "Recep Tayyip Erdoğan", "Hakan Fidan",
        ],
        cities: ["Bakü", "Brüksel", "Ankara", "Washington", "Tiflis"],
        sentences: [
            "Cumhurbaşkanı İlham Aliyev, NATO Genel Sekreteri Jens Stoltenberg ile Brüksel'de görüştü.",
            "Görüşmede Azerbaycan ile NATO arasındaki işbirliğinin geliştirilmesi ele alındı.",
            "Azerbaycan barış gücü askerleri Afganistan'dan ayrılan son askeri personel oldu.",
            "Kararlı Destek Misyonu'na Azerbaycan'ın katkısı takdirle karşılandı.",
            "Azerbaycan 1994 yılından bu yana NATO'nun Barış için Ortaklık programına katılıyor.",
            "Taraflar bölgesel ve küresel meseleler hakkında görüş alışverişinde bulundu.",
            "Türkiye ile Azerbaycan arasındaki stratejik müttefiklik ilişkileri vurgulandı.",
            "Aliyev, Azerbaycan'ın Avrupa'nın enerji güvenliğindeki rolüne dikkati çekti.",
            "Toplantıda Ermenistan ile barış sürecindeki son gelişmeler de değerlendirildi.",
            "Azerbaycan Savunma Bakanı Zakir Hasanov, NATO heyetini Bakü'de kabul etti.",
        ],
        months: [
            "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül",
            "Ekim", "Kasım", "Aralık",
        ],
        titles: [
            "{P}, NATO heyetini kabul etti",
            "{C}'de Azerbaycan-NATO görüşmesi yapıldı",
            "{P}, {Q} ile görüştü",
            "Azerbaycan ve NATO {W} {W} konusunu ele aldı",
            "{P}: Azerbaycan, NATO'nun güvenilir ortağıdır",
        ]
    )
}
