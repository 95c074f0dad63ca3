/// A problem found in iql source, as a value: what, where, and what might fix it.
///
/// Diagnostics are thrown as errors by every stage of the pipeline and turned into
/// text only by ``DiagnosticRenderer``.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    /// What kind of problem this is; the REPL uses `.unexpectedEnd` to ask for more input.
    public enum Kind: String, Sendable {
        /// The input stopped in the middle of a statement (open bracket, string, trailing operator).
        case unexpectedEnd
        /// Any other syntax error.
        case syntax
        /// An unknown variable, column or function.
        case unknownName
        /// A value of the wrong type.
        case type
        /// Any other failure while running.
        case runtime
        /// A limit set by the host (steps, time, rows, depth, size) was exceeded.
        case limit
        /// The evaluation was interrupted or cancelled.
        case cancelled
        /// A file operation the engine is not allowed to do.
        case notPermitted
        /// Reading or writing a file failed.
        case io
        /// A row read from a work report that a person should confirm (`iql extract --review`).
        case review
    }

    /// A secondary message pointing at another place, such as the opener of an unclosed bracket.
    public struct Note: Sendable {
        /// The note in both languages.
        public let text: Localized
        public let location: SourceLocation?
        /// The note in English.
        public var message: String { text.en }

        init(_ text: Localized, at location: SourceLocation?) {
            self.text = text
            self.location = location
        }
    }

    public var severity: Severity = .error
    public var kind: Kind
    /// The catalog entry saying what went wrong, with its arguments.
    public var entry: Message
    public var location: SourceLocation?
    public var notes: [Note] = []
    /// A suggestion, such as `did you mean 'target'?`, in both languages.
    public var hintText: Localized?

    init(_ kind: Kind, _ entry: Message, at location: SourceLocation?, hint: Localized? = nil) {
        self.kind = kind
        self.entry = entry
        self.location = location
        self.hintText = hint
    }


    /// The ID of the catalog entry (`unknown_name`), stable across languages and releases.
    public var id: String { entry.id }
    /// The message in English.
    public var message: String { entry.text.en }
    /// The suggestion in English.
    public var hint: String? { hintText?.en }

    /// Whether this is a syntax-level problem (exit status 2 in the CLI).
    public var isSyntax: Bool { kind == .syntax || kind == .unexpectedEnd }

    public var description: String { DiagnosticRenderer().render(self) }
}

/// The error every public entry point throws: one or more diagnostics
/// (a script with several syntax errors reports them all).
public struct IQLError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]
    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public init(_ d: Diagnostic) { self.diagnostics = [d] }
    /// Whether every diagnostic is a syntax error (exit status 2 in the CLI).
    public var isSyntax: Bool { diagnostics.allSatisfy(\.isSyntax) }
    /// Whether the input merely stopped too early, so that more lines could complete it.
    public var isIncompleteInput: Bool { diagnostics.contains { $0.kind == .unexpectedEnd } }
    public var description: String { DiagnosticRenderer().render(diagnostics) }
}
