import ArgumentParser

/// A lookup subcommand whose well-formed command lines natoazctl can parse without
/// swift-argument-parser.
///
/// Why: argument-parser discovers a command's options by reflection (`Mirror`, type lookups
/// by mangled name, protocol conformance scans) at every start. For one `natoazctl get` that
/// is about 2 ms of CPU, more than the whole exchange with natoazd (BENCHMARKS.md, "natoazctl
/// start-up"). `QuickParse` reads the common case, long options and positional values,
/// from a table that each command declares next to its properties.
///
/// argument-parser stays the reference: `QuickParse` only accepts a command line it is sure
/// argument-parser would accept with the same result, and hands everything else back (help,
/// completions, short or unknown options, repeats, values starting with `-`, anything that
/// fails validation), so every message, help text and error stays argument-parser's.
/// `QuickParseTests` checks the two agree, field by field, for every subcommand.
protocol QuickParsable: LookupCommand {
    /// The shared options, settable so `QuickParse` can fill them in.
    var global: GlobalOptions { get set }

    /// The command's long options, flags and positional values.
    static var quickSyntax: QuickSyntax<Self> { get }
}

/// The command-line syntax of one subcommand, for `QuickParse`.
///
/// Every property of the command must be set by exactly one slot or the positional rule:
/// argument-parser's property wrappers trap when read before they were given a value. Setters
/// are closures, not key paths: a key-path write reads the wrapper first, and traps.
struct QuickSyntax<Command: QuickParsable> {
    /// One named option or flag (with all its spellings, e.g. `--wait` and `--no-wait`).
    ///
    /// Arrays and closures only, no dictionaries or sets: instantiating their generic
    /// metadata checks `Hashable` conformances, a scan of the binary's conformance records
    /// that costs more than the parsing it would speed up.
    struct Slot {
        /// The spellings, e.g. `--wait` and `--no-wait`.
        let names: [String]
        /// Converts and stores the value of `--name value`; false if it cannot. Nil for flags.
        let value: ((inout Command, String) -> Bool)?
        /// Sets a flag, given the index in `names` of the spelling used. Nil for options.
        let flag: ((inout Command, Int) -> Void)?
        /// Gives the property its declared default.
        let reset: (inout Command) -> Void

        init(
            names: [String] = [], value: ((inout Command, String) -> Bool)? = nil,
            flag: ((inout Command, Int) -> Void)? = nil, reset: @escaping (inout Command) -> Void
        ) {
            self.names = names
            self.value = value
            self.flag = flag
            self.reset = reset
        }
    }

    /// How the command takes positional values.
    enum Positionals {
        /// None.
        case none
        /// Exactly one.
        case one((inout Command, String) -> Void)
        /// At most one.
        case optional((inout Command, String?) -> Void)
        /// One or more, e.g. the words of a query.
        case some((inout Command, [String]) -> Void)
    }

    let slots: [Slot]
    let positionals: Positionals

    /// The syntax with `--socket`, `--timeout` and `--json` added to `slots`.
    init(
        _ slots: [Slot] = [], positionals: Positionals = .none
    ) {
        self.slots = slots + GlobalOptions.quickSlots()
        self.positionals = positionals
    }
}

extension QuickSyntax.Slot {
    /// `--name <value>` with a default, converted as argument-parser converts it.
    static func option<Value: ExpressibleByArgument>(
        _ name: String, default value: Value, _ set: @escaping (inout Command, Value) -> Void
    ) -> Self {
        Self(
            names: [name],
            value: { command, text in
                guard let value = Value(argument: text) else { return false }
                set(&command, value)
                return true
            },
            reset: { set(&$0, value) })
    }

    /// `--name <value>` for an optional property (nil unless given).
    static func option<Value: ExpressibleByArgument>(
        _ name: String, _ set: @escaping (inout Command, Value?) -> Void
    ) -> Self {
        Self(
            names: [name],
            value: { command, text in
                guard let value = Value(argument: text) else { return false }
                set(&command, value)
                return true
            },
            reset: { set(&$0, nil) })
    }

    /// `--name`, a Boolean flag that is false unless given.
    static func flag(_ name: String, _ set: @escaping (inout Command, Bool) -> Void) -> Self {
        Self(names: [name], flag: { command, _ in set(&command, true) }, reset: { set(&$0, false) })
    }

    /// `--name` / `--no-name`, a Boolean flag with an inversion and a default.
    static func flag(
        _ name: String, inversion: String, default value: Bool,
        _ set: @escaping (inout Command, Bool) -> Void
    ) -> Self {
        Self(
            names: [name, inversion], flag: { command, spelling in set(&command, spelling == 0) },
            reset: { set(&$0, value) })
    }
}

/// The fast path: parses a well-formed command line, or returns nil for argument-parser.
enum QuickParse {
    /// The subcommands `QuickParse` knows, by name.
    static func command(_ arguments: [String]) -> (any LookupCommand)? {
        guard let name = arguments.first else { return nil }
        let rest = arguments.dropFirst()
        switch name {
        case Get.configuration.commandName: return parse(rest, as: Get.self)
        case Search.configuration.commandName: return parse(rest, as: Search.self)
        case Kwic.configuration.commandName: return parse(rest, as: Kwic.self)
        case Terms.configuration.commandName: return parse(rest, as: Terms.self)
        case Collocations.configuration.commandName: return parse(rest, as: Collocations.self)
        case Suggest.configuration.commandName: return parse(rest, as: Suggest.self)
        case Entities.configuration.commandName: return parse(rest, as: Entities.self)
        case Timeline.configuration.commandName: return parse(rest, as: Timeline.self)
        case Similar.configuration.commandName: return parse(rest, as: Similar.self)
        case Ping.configuration.commandName: return parse(rest, as: Ping.self)
        case Info.configuration.commandName: return parse(rest, as: Info.self)
        case Describe.configuration.commandName: return parse(rest, as: Describe.self)
        case Stats.configuration.commandName: return parse(rest, as: Stats.self)
        case Reload.configuration.commandName: return parse(rest, as: Reload.self)
        default: return nil
        }
    }

    /// Parses `arguments` (after the subcommand's name) as `Command`, or returns nil when
    /// argument-parser should have them.
    static func parse<Command: QuickParsable>(
        _ arguments: ArraySlice<String>, as type: Command.Type
    ) -> Command? {
        let syntax = Command.quickSyntax
        var command = Command()
        for slot in syntax.slots { slot.reset(&command) }
        var used = [Bool](repeating: false, count: syntax.slots.count)
        var positionals: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let word = arguments[index]
            index += 1
            guard word.hasPrefix("-") else {
                positionals.append(word)
                continue
            }
            // Long options only; `-h`, `--`, `--help` and the like are argument-parser's.
            guard word.hasPrefix("--"), word.count > 2 else { return nil }
            var name = word
            var value: String?
            if let equals = word.firstIndex(of: "=") {
                name = String(word[..<equals])
                value = String(word[word.index(after: equals)...])
            }
            guard let slotIndex = syntax.slots.firstIndex(where: { $0.names.contains(name) }),
                !used[slotIndex]
            else { return nil }
            used[slotIndex] = true
            let slot = syntax.slots[slotIndex]
            if let setFlag = slot.flag {
                guard value == nil, let spelling = slot.names.firstIndex(of: name) else {
                    return nil
                }
                setFlag(&command, spelling)
                continue
            }
            if value == nil, index < arguments.endIndex {
                value = arguments[index]
                index += 1
            }
            // A value that looks like an option is ambiguous: argument-parser decides.
            guard let value, !value.isEmpty, !value.hasPrefix("-"),
                let setValue = slot.value, setValue(&command, value)
            else { return nil }
        }
        guard assign(positionals, by: syntax.positionals, to: &command) else { return nil }
        do {
            try command.global.validate()
            try command.validate()
        } catch {
            return nil
        }
        return command
    }

    private static func assign<Command: QuickParsable>(
        _ values: [String], by rule: QuickSyntax<Command>.Positionals, to command: inout Command
    ) -> Bool {
        switch rule {
        case .none:
            return values.isEmpty
        case .one(let set):
            guard values.count == 1 else { return false }
            set(&command, values[0])
        case .optional(let set):
            guard values.count <= 1 else { return false }
            set(&command, values.first)
        case .some(let set):
            guard !values.isEmpty else { return false }
            set(&command, values)
        }
        return true
    }
}
