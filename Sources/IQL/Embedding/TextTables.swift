extension Table {
    /// A table from CSV text, read as `read_csv` reads a file: the first record names the
    /// columns, RFC 4180 quoting, LF or CRLF line ends; each column gets the type its cells share.
    ///
    /// ```swift
    /// let t = try Table(csv: "city,gdp\n杭州,2.0\n宁波,1.6\n")
    /// ```
    /// - Parameters:
    ///   - name: the name errors give the text, as they would a file name.
    ///   - delimiter: the field separator, one ASCII character (default `,`).
    /// - Throws: ``IQLError`` locating a malformed record, or for a non-ASCII delimiter.
    public init(csv text: String, name: String = "<csv>", delimiter: Character = ",") throws {
        guard let d = delimiter.asciiValue else {
            throw IQLError(Diagnostic(.type, Messages.hostDelimiter(String(delimiter)), at: nil))
        }
        do {
            self = try CSVReader(name: name, delimiter: d).read(Array(text.utf8))
        } catch let d as Diagnostic {
            throw IQLError(d)
        }
    }

    /// A table from JSON text, read as `read_json` reads a file: an array of objects or
    /// JSON Lines. Keys become columns in order of first appearance; nested arrays and
    /// objects become lists and records.
    /// - Parameter name: the name errors give the text, as they would a file name.
    /// - Throws: ``IQLError`` locating malformed JSON.
    public init(json text: String, name: String = "<json>") throws {
        do {
            self = try JSONReader(name: name).read(Array(text.utf8))
        } catch let d as Diagnostic {
            throw IQLError(d)
        }
    }
}
