import ArgumentParser
import Foundation
import IQL

/// `iql extract REPORT`: a work report's targets and projects as the two plan tables.
struct ExtractCommand: ParsableCommand {
    /// The first argument that selects this command.
    static let word = "extract"

    static let configuration = CommandConfiguration(
        commandName: "iql extract",
        abstract: "Read a work report's targets and projects into indicators.csv and projects.csv.",
        discussion: """
        REPORT may be UTF-8 or GB18030 text, an HTML page or a Word .docx. The two files \
        have the columns of the built-in tables, plus city, year, confidence (high or \
        review) and why (the rule that matched); each file is replaced whole or not at all.

        Exit status: 0 success, 1 when the report cannot be read or a file cannot be written.

        Examples:
          iql extract report.txt --city 通化市 --out data/
          iql extract report.docx --year 2024 --review
          iql --data indicators=data/indicators.csv --data actuals=actuals.csv -e 'indicators | compare actuals'
        """
    )

    @Argument(help: "The report: a text file (UTF-8 or GB18030), an HTML page or a Word .docx.")
    var report: String

    @Option(help: "The city (or county) the report is of: the city column of every row.")
    var city: String?

    @Option(help: "The plan's year, when no heading such as '二、2023年工作安排' gives it.")
    var year: Int?

    @Option(help: ArgumentHelp("The directory to write indicators.csv and projects.csv into.", valueName: "dir"))
    var out: String = "."

    @Flag(help: "Print each row marked review, with its clause underlined and the rule that matched.")
    var review = false

    func validate() throws {
        if let y = year, !(1949...2200).contains(y) { throw ValidationError(CLIText.badYear(y).text(Language.fromLocale(environment("LANG")))) }
    }

    func run() throws {
        let color = isatty(1) == 1 && environment("NO_COLOR") == nil
        let errColor = isatty(2) == 1 && environment("NO_COLOR") == nil
        let language = Language.fromLocale(environment("LANG"))
        do {
            let plan = try Engine.extractPlan(path: report, city: city, year: year)
            try plan.write(toDirectory: out)
            let reviewed = { (t: Table) in (t.values(of: "confidence") ?? []).filter { $0.stringValue == "review" }.count }
            let dir = URL(fileURLWithPath: out)
            var out = "\(report): \(plan.indicators.rowCount) targets (\(reviewed(plan.indicators)) to review), "
                + "\(plan.projects.rowCount) projects (\(reviewed(plan.projects)) to review) → "
                + "\(dir.appendingPathComponent("indicators.csv").relativePath), \(dir.appendingPathComponent("projects.csv").relativePath)\n"
            if review { out += DiagnosticRenderer(color: color, language: language).render(plan.reviews) }
            FileHandle.standardOutput.write(Data(out.utf8))
        } catch let e as IQLError {
            FileHandle.standardError.write(Data(DiagnosticRenderer(color: errColor, language: language).render(e.diagnostics).utf8))
            throw ExitCode(1)
        }
    }
}
