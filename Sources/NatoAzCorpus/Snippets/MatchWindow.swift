/// Finds the best window over matches laid out along the text, in one pass.
///
/// Both snippet steps ask the same question: of the windows that start at each match and run
/// over the following matches that still fit, which one holds the most distinct query parts,
/// then the most matches? Rebuilding each window's set of parts is quadratic in a document
/// that repeats a query word thousands of times (a 2 MB page of "NATO NATO ..." once took
/// longer than a request's deadline); sliding one window and counting parts in it is linear.
enum MatchWindow {
    /// The index of the match that starts the best window, the earliest of equals; nil when
    /// there are no matches.
    ///
    /// - Parameters:
    ///   - count: the number of matches, in text order.
    ///   - part: the query part of match `i` (a small non-negative number).
    ///   - fits: whether match `end` lies in the window that starts at match `start`. A window
    ///     always holds its first match; `fits` must stay true for a given `end` as `start`
    ///     moves forward (windows only slide right).
    static func bestStart(
        count: Int, part: (Int) -> Int, fits: (_ start: Int, _ end: Int) -> Bool
    ) -> Int? {
        guard count > 0 else { return nil }
        var matchesOfPart: [Int] = []
        var distinctParts = 0
        func add(_ index: Int) {
            let part = part(index)
            if part >= matchesOfPart.count {
                matchesOfPart += repeatElement(0, count: part + 1 - matchesOfPart.count)
            }
            if matchesOfPart[part] == 0 { distinctParts += 1 }
            matchesOfPart[part] += 1
        }
        func remove(_ index: Int) {
            let part = part(index)
            matchesOfPart[part] -= 1
            if matchesOfPart[part] == 0 { distinctParts -= 1 }
        }
        var best: (parts: Int, matches: Int, start: Int)? = nil
        var end = -1
        for start in 0..<count {
            if end < start {
                end = start
                add(start)
            }
            while end + 1 < count, fits(start, end + 1) {
                end += 1
                add(end)
            }
            let matches = end - start + 1
            if best.map({ (distinctParts, matches) > ($0.parts, $0.matches) }) ?? true {
                best = (distinctParts, matches, start)
            }
            remove(start)
        }
        return best?.start
    }
}
