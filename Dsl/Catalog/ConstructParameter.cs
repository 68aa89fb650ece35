using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace VaeDsl.Dsl.Catalog;

/// <summary>One parameter of a construct: its name, type, range, default and a one-line description. A parameter
/// with neither a default nor <see cref="DefaultFrom"/> is required. Parameters are positional in catalogue order.</summary>
public sealed record ConstructParameter(
    string Name,
    ParameterType Type,
    ValueRange Range,
    double? NumberDefault,
    string? WordDefault,
    IReadOnlyList<string> Words,
    string? DefaultFrom,
    string Doc)
{
    /// <summary>For <see cref="ParameterType.Construct"/>: the kind of construct the value is.</summary>
    public ConstructKind? Takes { get; init; }

    /// <summary>For a likelihood's parameter that may be written <c>learned</c>: how the likelihood is built then.</summary>
    public LearnedParameter? WhenLearned { get; init; }

    /// <summary>For <see cref="ParameterType.Word"/>: one of the <see cref="Words"/> that may also be written with an
    /// index, <c>word:N</c> with N a non-negative integer (<c>cuda:1</c>).</summary>
    public string? IndexedWord { get; init; }

    /// <summary>Generated documentation leaves the argument out while it has its default: a switch added to a construct
    /// after models were written with it, so that their generated code stays the same.</summary>
    public bool OmittedWhenDefault { get; init; }

    /// <summary>The words as a reader writes them: <see cref="Words"/>, with <c>word:N</c> after the <see cref="IndexedWord"/>.</summary>
    public IReadOnlyList<string> WrittenWords => IndexedWord is { } indexed
        ? Words.SelectMany(w => w == indexed ? new[] { w, w + ":N" } : new[] { w }).ToArray()
        : Words;

    /// <summary>Whether <paramref name="written"/> is one of the <see cref="Words"/> or <c>IndexedWord:N</c>.</summary>
    public bool AcceptsWord(string written)
    {
        if (Words.Contains(written)) return true;
        if (IndexedWord is not { } indexed || !written.StartsWith(indexed + ":", System.StringComparison.Ordinal)) return false;
        var index = written.Substring(indexed.Length + 1);
        return index.Length is > 0 and <= 9 && index.All(c => c is >= '0' and <= '9');
    }

    public bool IsRequired => NumberDefault is null && WordDefault is null && DefaultFrom is null;

    /// <summary>The name of the matching parameter of the Runtime method (camelCase: <c>output_padding</c> is
    /// <c>outputPadding</c>).</summary>
    public string RuntimeName
    {
        get
        {
            var parts = Name.Split('_');
            return parts[0] + string.Concat(parts.Skip(1).Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
        }
    }

    /// <summary>What a value must be, e.g. "an integer", "true or false", "one of nearest, bilinear".</summary>
    public string TypeText => Type switch
    {
        ParameterType.Integer => "an integer",
        ParameterType.Number => "a number",
        ParameterType.Boolean => "true or false",
        ParameterType.Word => OneOf(WrittenWords),
        ParameterType.NumberOrWord => "a number or " + OneOf(Words),
        _ => Takes is { } kind ? ConstructCatalog.Describe(kind) : "a construct",
    };

    /// <summary>The range as text ("at least 1", "in [0, 1)"), or empty for words, booleans and constructs.</summary>
    public string RangeText => Type is ParameterType.Integer or ParameterType.Number or ParameterType.NumberOrWord
        ? ConstructCatalog.Describe(Range)
        : "";

    /// <summary>The default as written in a .vae file ("1", "1e-5", "nearest", "kernel"), or null when required.</summary>
    public string? DefaultText => DefaultFrom ?? WordDefault ?? (NumberDefault is { } number ? Number(number, Type == ParameterType.Integer) : null);

    /// <summary>The parameter as a signature shows it: <c>stride: 1</c>, or the bare name when required.</summary>
    public string SignatureText => DefaultText is { } value ? Name + ": " + value : Name;

    /// <summary>Whether <paramref name="value"/> lies in <see cref="Range"/> (always false for NaN and infinities).</summary>
    public bool Accepts(double value) => ConstructCatalog.InRange(Range, value);

    internal static ConstructParameter Int(string name, string doc, ValueRange range = ValueRange.AtLeastOne, long? defaultValue = null) =>
        new(name, ParameterType.Integer, range, defaultValue, null, NoWords, null, doc);

    internal static ConstructParameter Float(string name, string doc, ValueRange range, double? defaultValue = null) =>
        new(name, ParameterType.Number, range, defaultValue, null, NoWords, null, doc);

    internal static ConstructParameter Bool(string name, string doc, bool defaultValue) =>
        new(name, ParameterType.Boolean, ValueRange.Any, null, defaultValue ? "true" : "false", new[] { "true", "false" }, null, doc);

    internal static ConstructParameter Choice(string name, string doc, string defaultValue, params string[] words) =>
        new(name, ParameterType.Word, ValueRange.Any, null, defaultValue, words, null, doc);

    internal static ConstructParameter NumberOr(string name, string doc, double defaultValue, params string[] words) =>
        new(name, ParameterType.NumberOrWord, ValueRange.Positive, defaultValue, null, words, null, doc);

    internal static ConstructParameter Construct(string name, string doc, ConstructKind kind, string defaultValue) =>
        new(name, ParameterType.Construct, ValueRange.Any, null, defaultValue, NoWords, null, doc) { Takes = kind };

    internal static readonly IReadOnlyList<string> NoWords = new string[0];

    /// <summary>A number as a person writes it: 128, 0.5, 1e-5.</summary>
    internal static string Number(double value, bool integer)
    {
        if (integer || value == System.Math.Floor(value) && System.Math.Abs(value) < 1e15)
        {
            return integer ? ((long)value).ToString(CultureInfo.InvariantCulture) : value.ToString("0.0", CultureInfo.InvariantCulture);
        }
        if (System.Math.Abs(value) >= 1e-3) return value.ToString("R", CultureInfo.InvariantCulture);
        var exponent = (int)System.Math.Floor(System.Math.Log10(System.Math.Abs(value)));
        var mantissa = value / System.Math.Pow(10, exponent);
        return System.Math.Round(mantissa, 12).ToString("R", CultureInfo.InvariantCulture) + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    private static string OneOf(IReadOnlyList<string> words) => words.Count == 1 ? words[0] : "one of " + string.Join(", ", words);
}
