import Foundation
import Testing
import ZIPFoundation
@testable import IQL

/// `--format html`, the chart value and its two drawings; and the page in a real browser.
@Suite struct HTMLChartTests {
    static let plan = """
        let plan = [
          {name: "医药工业产值", attainment: 92.5%, amount: 5000万, status: "behind"},
          {name: "接待游客", attainment: 120%, amount: 1.5, status: "met"},
          {name: "<b>GDP</b> & co", attainment: 100.2%, amount: null, status: "on_track"},
          {name: "人参", attainment: null, amount: 3, status: "no_data"},
        ]
        """

    func value(_ text: String) throws -> Value {
        try Engine().evaluate(HTMLChartTests.plan + "\n" + text)
    }

    // MARK: HTML

    @Test func tablesBecomeHTMLTablesWithNumbersRightAlignedAndStatusesColoured() throws {
        let html = Renderer(format: .html).render(try value("plan"))
        #expect(html.hasPrefix("<table>\n<thead><tr><th>name</th><th class=\"num\">attainment</th><th class=\"num\">amount</th><th>status</th></tr></thead>"))
        #expect(html.contains("<tr><td>医药工业产值</td><td class=\"num\">92.5%</td><td class=\"num\">50000000</td><td class=\"status status-behind\">behind</td></tr>"))
        #expect(html.contains("<td>&lt;b&gt;GDP&lt;/b&gt; &amp; co</td>"))
        #expect(html.contains("<td class=\"num null\">null</td>"))
        #expect(html.contains("<td class=\"status status-no_data\">no_data</td>"))
        #expect(Renderer(format: .html).render(.string("a < b")) == "<pre class=\"value\">a &lt; b</pre>\n")
    }

    @Test func thePageIsSelfContained() throws {
        let page = Renderer().htmlPage([try value("plan"), try value("chart(plan, \"bar\", \"name\", \"attainment\")"), .number(42)], title: "进度 <报告>")
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">"))
        #expect(page.contains("<title>进度 &lt;报告&gt;</title>"))
        #expect(page.contains("td.status-behind { color: #cf222e; }"))
        #expect(page.contains("<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(page.contains("<pre class=\"value\">42</pre>"))
        for remote in ["<script", "src=", "href=", "url(", "@import", "<link"] {
            #expect(!page.contains(remote), "the page loads nothing: found \(remote)")
        }
        #expect(page.hasSuffix("</main>\n</body>\n</html>\n"))
    }

    @Test func theCommandLineWritesOnePageEvenWhenTheScriptFails() throws {
        let r = try CLI.run(["--format", "html", "-e", "[{status: \"ahead\", n: 1}]\n\"中文\"\n1 + \"x\""])
        #expect(r.status == 1)
        #expect(r.out.hasPrefix("<!DOCTYPE html>"))
        #expect(r.out.components(separatedBy: "<!DOCTYPE html>").count == 2, "one page")
        #expect(r.out.contains("<td class=\"status status-ahead\">ahead</td>"))
        #expect(r.out.contains("<pre class=\"value\">中文</pre>"))
        #expect(r.err.contains("error: cannot add"))
    }

    // MARK: Charts

    @Test func theChartFunctionMakesAChartValue() throws {
        guard case .chart(let c) = try value("chart(plan, \"bar\", \"name\", \"attainment\")") else {
            Issue.record("not a chart")
            return
        }
        #expect(c.kind == .bar)
        #expect(c.title == "attainment by name")
        #expect(c.style == .percent)
        #expect(c.bars.map(\.label) == ["医药工业产值", "接待游客", "<b>GDP</b> & co", "人参"])
        #expect(c.bars.map(\.value) == [0.925, 1.2, 1.002, nil])
        #expect(c.bars.map(\.status) == ["behind", "met", "on_track", "no_data"])
        #expect(try value("type(chart(plan, \"bar\", \"name\", \"amount\"))") == .string("chart"))
        #expect(try value("\"\\(chart(plan, \"bar\", \"name\", \"amount\"))\"") == .string("<bar chart: amount by name>"))
    }

    @Test func textBarsLineUpUnderCJKLabels() throws {
        guard case .chart(let c) = try value("chart(plan, \"bar\", \"name\", \"attainment\")") else { return }
        let lines = c.text(maxWidth: 70).split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        // The axis │ is at the same display column on every line.
        let axes = lines.dropFirst().map { line in TextWidth.of(String(line.prefix { $0 != "│" })) }
        #expect(Set(axes).count == 1, "\(lines)")
        #expect(lines.dropFirst().allSatisfy { TextWidth.of($0) <= 70 }, "fits the width")
        // 120% is the longest bar; 92.5% is 92.5/120 of it, to an eighth of a cell.
        let blocks = lines.dropFirst().map { line in line.unicodeScalars.filter { (0x2588...0x258F).contains($0.value) }.count }
        #expect(blocks[1] > blocks[2] && blocks[2] > blocks[0] && blocks[3] == 0)
        #expect(!c.text().contains("\u{1B}"), "no colour unless asked")
        let coloured = c.text(color: true)
        #expect(coloured.contains("\u{1B}[31m█"), "behind is red")
        #expect(coloured.contains("\u{1B}[32m█"), "met is green")
    }

    @Test func svgHasABarPerValueAndEscapesLabels() throws {
        guard case .chart(let c) = try value("chart(plan, \"bar\", \"name\", \"attainment\")") else { return }
        let svg = c.svg()
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 3, "no bar for null")
        #expect(svg.contains("&lt;b&gt;GDP&lt;/b&gt; &amp; co"))
        #expect(svg.contains("fill=\"#cf222e\""), "behind is red")
        #expect(svg.contains(">92.5%</text>"))
    }

    @Test func chartsWithoutDrawingsShowTheirData() throws {
        let chart = try value("chart(plan, \"bar\", \"name\", \"attainment\")")
        #expect(Renderer(format: .csv).render(chart) == "name,attainment\n医药工业产值,92.5%\n接待游客,120%\n<b>GDP</b> & co,100.2%\n人参,\n")
        #expect(Renderer(format: .json).render(chart).hasPrefix("{\"chart\":\"bar\",\"label\":\"name\",\"value\":\"attainment\",\"bars\":[{\"label\":\"医药工业产值\",\"value\":0.925}"))
    }

    // MARK: A real browser

    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: chromium != nil, "no headless Chromium here: scripts/setup installs it (apt-get install -y chromium)"),
          .timeLimit(.minutes(2)))
    func headlessChromiumDrawsTheTableAndTheChart() throws {
        let dir = try IOTests().scratchDirectory()
        let script = dir.appendingPathComponent("report.iql")
        try (HTMLChartTests.plan + "\nplan\nchart(plan, \"bar\", \"name\", \"attainment\")\n").write(to: script, atomically: true, encoding: .utf8)
        let r = try CLI.run(["--format", "html", script.path])
        try #require(r.status == 0, "\(r.err)")
        let page = dir.appendingPathComponent("report.html")
        try r.out.write(to: page, atomically: true, encoding: .utf8)
        let png = dir.appendingPathComponent("shot.png")

        let p = Process()
        p.executableURL = URL(fileURLWithPath: HTMLChartTests.chromium!)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                       "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
                       "--screenshot=\(png.path)", "--window-size=1000,800", page.absoluteString]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try #require(FileManager.default.fileExists(atPath: png.path), "chromium exited \(p.terminationStatus) without a screenshot")
        print("SCREENSHOT \(png.path)")

        let image = try PNG(Data(contentsOf: png))
        #expect(image.width == 1000 && image.height == 800)
        var counts: [UInt32: Int] = [:]
        for i in 0..<(image.width * image.height) { counts[image.rgb(i), default: 0] += 1 }
        #expect(counts.count > 50, "the page is not blank: \(counts.count) colours")
        func near(_ hex: UInt32) -> Int {
            counts.filter { c, _ in
                [16, 8, 0].allSatisfy { s in abs(Int((c >> s) & 0xFF) - Int((hex >> s) & 0xFF)) <= 12 }
            }.values.reduce(0, +)
        }
        // Bars are 16 px high and hundreds wide: thousands of pixels each.
        #expect(near(0xCF222E) > 2000, "the red bar of 'behind' is drawn")
        #expect(near(0x1A7F37) > 2000, "the green bar of 'met' is drawn")
        #expect(near(0xF6F8FA) > 2000, "the table's header row is drawn")
    }
}

/// Just enough of PNG to read a browser's screenshot: 8-bit RGB or RGBA, not interlaced.
struct PNG {
    let width: Int, height: Int
    private let channels: Int
    private let pixels: [UInt8]

    struct Failure: Error { let message: String }

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Failure(message: "not a PNG") }
        var i = 8, w = 0, h = 0, colorType = 0
        var compressed = Data()
        func u32(_ k: Int) -> Int { Int(bytes[k]) << 24 | Int(bytes[k + 1]) << 16 | Int(bytes[k + 2]) << 8 | Int(bytes[k + 3]) }
        while i + 8 <= bytes.count {
            let length = u32(i), type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            let body = (i + 8)..<(i + 8 + length)
            switch type {
            case "IHDR":
                w = u32(body.lowerBound); h = u32(body.lowerBound + 4)
                guard bytes[body.lowerBound + 8] == 8, bytes[body.lowerBound + 12] == 0 else { throw Failure(message: "unsupported PNG") }
                colorType = Int(bytes[body.lowerBound + 9])
            case "IDAT": compressed.append(contentsOf: bytes[body])
            default: break
            }
            i = body.upperBound + 4
        }
        guard colorType == 2 || colorType == 6 else { throw Failure(message: "colour type \(colorType)") }
        let n = colorType == 6 ? 4 : 3
        // A zlib stream: two header bytes, raw deflate, a checksum.
        let deflate = compressed.subdata(in: 2..<compressed.count)
        var raw = Data()
        _ = try Data.decompress(size: Int64(deflate.count), bufferSize: 1 << 16, skipCRC32: true,
                                provider: { position, size in deflate.subdata(in: Int(position)..<min(deflate.count, Int(position) + size)) },
                                consumer: { raw.append($0) })
        let rows = [UInt8](raw), stride = w * n
        guard rows.count >= h * (stride + 1) else { throw Failure(message: "short image data") }
        var out = [UInt8](repeating: 0, count: h * stride)
        for y in 0..<h {
            let filter = rows[y * (stride + 1)]
            for x in 0..<stride {
                let v = rows[y * (stride + 1) + 1 + x]
                let a = x >= n ? Int(out[y * stride + x - n]) : 0
                let b = y > 0 ? Int(out[(y - 1) * stride + x]) : 0
                let c = x >= n && y > 0 ? Int(out[(y - 1) * stride + x - n]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: throw Failure(message: "filter \(filter)")
                }
                out[y * stride + x] = UInt8((Int(v) + predicted) & 0xFF)
            }
        }
        width = w; height = h; channels = n; pixels = out
    }

    /// Pixel `i` (row-major) as 0xRRGGBB.
    func rgb(_ i: Int) -> UInt32 {
        let k = i * channels
        return UInt32(pixels[k]) << 16 | UInt32(pixels[k + 1]) << 8 | UInt32(pixels[k + 2])
    }
}
