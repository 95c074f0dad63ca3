import Testing
@testable import IQL

/// The engine's language: labels and figures follow it, status codes do not.
@Suite struct LanguageTests {
    @Test func everyStatusHasALabelInBothLanguages() {
        var seen: Set<String> = []
        for status in ComparisonStatus.allCases {
            let l = Catalog.label(status)
            #expect(!l.zh.isEmpty && !l.en.isEmpty, "\(status)")
            #expect(l.zh.unicodeScalars.contains { $0.value >= 0x4E00 }, "\(status) zh is not Chinese")
            #expect(seen.insert(l.zh).inserted && seen.insert(l.en).inserted, "\(status) shares a label")
        }
        #expect(Catalog.label(.behind).zh == "落后序时进度" && Catalog.label(.behind).en == "behind pace")
    }

    @Test func labelsAndFiguresFollowTheEngine() throws {
        let zh = Engine(language: .zh)
        #expect(try zh.evaluate(#"label("behind")"#) == .string("落后序时进度"))
        #expect(try zh.evaluate("points(1.9%, 1)") == .string("1.9个百分点"))
        #expect(try zh.evaluate(#"figure(27亿, "斤")"#) == .string("27亿斤"))
        #expect(try zh.evaluate("lang()") == .string("zh"))
        let en = Engine()
        #expect(en.language == .en)
        #expect(try en.evaluate(#"label("behind")"#) == .string("behind pace"))
        #expect(try en.evaluate("points(1.9%, 1)") == .string("1.9 pp"))
        #expect(try en.evaluate(#"figure(27亿, "斤")"#) == .string("2.7 billion jin"))
        en.language = .zh
        #expect(try en.evaluate("yuan(5000万)") == .string("5000万元"))
        // An explicit lang: wins over the engine's.
        #expect(try en.evaluate(#"label("met", lang: "en")"#) == .string("target met"))
    }

    @Test func statusCodesDoNotChangeWithTheLanguage() throws {
        let query = #"indicators | compare [{indicator_id: "gdp_growth", period: "2023-05", value: 5%}] | where id == "gdp_growth" | select status"#
        for language in Language.allCases {
            let t = try #require(try Engine(language: language).evaluate(query).tableValue)
            #expect(t.values(of: "status") == [.string("behind")])
        }
    }

    @Test func languageFromLocale() {
        #expect(Language.fromLocale("zh_CN.UTF-8") == .zh)
        #expect(Language.fromLocale("zh_TW") == .zh)
        #expect(Language.fromLocale("en_US.UTF-8") == .en)
        #expect(Language.fromLocale("C.UTF-8") == .en)
        #expect(Language.fromLocale(nil) == .en)
        #expect(Language(code: "ZH") == .zh && Language(code: "fr") == nil)
    }

    @Test func figuresRoundAsReportsDo() {
        #expect(Formatter.figure(2020833333, unit: "元", digits: nil, language: .zh) == "20.20833333亿元")
        #expect(Formatter.figure(2020833333, unit: "元", digits: 2, language: .zh) == "20.21亿元")
        #expect(Formatter.figure(2700000000, unit: "斤", digits: 2, language: .zh) == "27亿斤")
        #expect(Formatter.figure(-50000000, unit: "元", digits: nil, language: .zh) == "-5000万元")
        #expect(Formatter.figure(1234567, unit: "元", digits: 1, language: .en) == "1.2 million yuan")
        #expect(Formatter.percent(0.0195, digits: 1) == "2.0%")
        #expect(Formatter.percent(-0.00001, digits: 1) == "0.0%")
        #expect(Formatter.points(0.0125, digits: 1, language: .zh) == "1.3个百分点")
        // The REPL's grouping of yuan is the same shifting, unchanged.
        #expect(Formatter.yuan(123456789) == "1.23456789亿" && Formatter.yuan(170000) == "17万" && Formatter.yuan(9999) == nil)
    }
}
