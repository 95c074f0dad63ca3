/// A table read in batches of whole rows, in the file's order: what a reader hands a
/// pipeline that can run while the file is read (scan, filter, aggregate), so that
/// the whole table never has to be in memory.
///
/// Every batch has the same column names, in the same order, and the batches
/// concatenated are exactly the table the reader's whole-file read returns, with one
/// exception: when a later batch finds that a column's cells do not share the type
/// the earlier batches gave it (a number column with a text cell further down), the
/// reader throws ``TableBatchesFallback``, and the consumer must read the table whole
/// instead, as if it had never streamed (nothing it has computed so far may be seen).
protocol TableBatches {
    /// The column names of every batch.
    var names: [String] { get }
    /// The next batch of rows, or nil after the last. Errors are the whole-file read's
    /// errors (a malformed record, located at its line and column in the file).
    mutating func next() throws -> Table?
}

/// Thrown by ``TableBatches/next()`` when the batches read so far cannot stand for
/// the table: the consumer reads it whole instead.
struct TableBatchesFallback: Error {}
