import NatoAzCorpus
import Testing

@testable import NatoAzBenchKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The synthetic corpus is only a fair benchmark input if the real loader reads it the way it
/// reads the seeds: every file accepted, and the language, date and title the generator wrote.
@Suite("The corpus loader reads generated articles")
struct GeneratedCorpusLoadTests {
    @Test("every article loads with the manifest's language, date and title")
    func loaderAgrees() throws {
        var template = Array("/tmp/natoaz-genload-XXXXXX".utf8CString)
        let root = template.withUnsafeMutableBufferPointer {
            String(cString: mkdtemp($0.baseAddress!)!)
        }
        let directory = root + "/corpus"
        let manifest = root + "/manifest.tsv"
        defer {
            for name in (try? Files.names(in: directory)) ?? [] { unlink(directory + "/" + name) }
            rmdir(directory)
            unlink(manifest)
            rmdir(root)
        }
        _ = try CorpusGenerator(
            options: .init(articles: 300, seed: 5, directory: directory, manifest: manifest)
        ).run()
        let corpus = try CorpusLoader().load(directory: directory)
        #expect(corpus.report.rejected.isEmpty, "\(corpus.report.rejected)")
        #expect(corpus.documents.count == 300)

        let lines = String(decoding: try Files.read(manifest), as: UTF8.self)
            .split(separator: "\n").dropFirst()
        var mismatches: [String] = []
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(
                String.init)
            let (id, lang, format, date, title) = (
                fields[0], fields[1], fields[2], fields[3], fields[5]
            )
            guard let document = corpus.document(id: id) else {
                mismatches.append("\(id): not loaded")
                continue
            }
            if document.lang.rawValue != lang {
                mismatches.append(
                    "\(id) (\(format)): lang \(document.lang.rawValue), wrote \(lang)")
            }
            if (document.date?.description ?? "-") != date {
                mismatches.append(
                    "\(id) (\(lang) \(format)): date \(document.date?.description ?? "-"), wrote \(date)"
                )
            }
            if (document.title ?? "-") != title {
                mismatches.append(
                    "\(id) (\(lang) \(format)): title \(document.title ?? "-"), wrote \(title)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, e.g. \(mismatches.prefix(8))")
    }
}
