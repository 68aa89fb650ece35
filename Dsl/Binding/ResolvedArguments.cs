using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Binding;

/// <summary>Arguments in parameter order with defaults filled in, plus where each value was written.</summary>
internal sealed class ResolvedArguments
{
    private readonly Dictionary<string, TextRange> ranges;

    public ResolvedArguments(IReadOnlyList<Argument> arguments, Dictionary<string, TextRange> ranges)
    {
        Arguments = arguments;
        this.ranges = ranges;
    }

    public IReadOnlyList<Argument> Arguments { get; }

    public Argument this[string name] => Arguments.First(a => a.Name == name);

    public Expr Number(string name) => this[name].Number!;

    public string Word(string name) => this[name].Word!;

    /// <summary>Where the argument was written, or null when it took its default.</summary>
    public TextRange? RangeOf(string name) => ranges.TryGetValue(name, out var range) ? range : null;

    public EquatableArray<Argument> ToArray() => Arguments.ToEquatableArray();
}
