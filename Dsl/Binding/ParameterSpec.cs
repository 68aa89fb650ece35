using System.Collections.Generic;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Dsl.Binding;

internal enum ValueType
{
    Integer,
    Number,
    Boolean,
    Word,
    /// <summary>A number or one of the listed words (e.g. <c>variance: learned</c>).</summary>
    NumberOrWord,
}

internal enum ValueRange
{
    Any,
    Positive,
    AtLeastOne,
    AtLeastTwo,
    NonNegative,
    Probability,
    UnitInterval,
    OpenUnitInterval,
}

/// <summary>One parameter of a layer, distribution, loss term or setting: name, type, range and default.
/// A parameter with neither default nor <c>DefaultFrom</c> is required.</summary>
internal sealed record ParameterSpec(
    string Name,
    ValueType Type,
    ValueRange Range = ValueRange.Any,
    double? NumberDefault = null,
    string? WordDefault = null,
    IReadOnlyList<string>? Words = null,
    string? DefaultFrom = null)
{
    public bool IsRequired => NumberDefault is null && WordDefault is null && DefaultFrom is null;

    public static ParameterSpec Int(string name, ValueRange range = ValueRange.AtLeastOne, long? defaultValue = null) =>
        new(name, ValueType.Integer, range, defaultValue);

    public static ParameterSpec Float(string name, ValueRange range, double? defaultValue = null) => new(name, ValueType.Number, range, defaultValue);

    public static ParameterSpec Bool(string name, bool defaultValue) => new(name, ValueType.Boolean, WordDefault: defaultValue ? "true" : "false");

    public static ParameterSpec Choice(string name, string defaultValue, params string[] words) => new(name, ValueType.Word, WordDefault: defaultValue, Words: words);

    public static bool InRange(ValueRange range, double value) => range switch
    {
        ValueRange.Positive => value > 0,
        ValueRange.AtLeastOne => value >= 1,
        ValueRange.AtLeastTwo => value >= 2,
        ValueRange.NonNegative => value >= 0,
        ValueRange.Probability => value >= 0 && value < 1,
        ValueRange.UnitInterval => value >= 0 && value <= 1,
        ValueRange.OpenUnitInterval => value > 0 && value <= 1,
        _ => !double.IsNaN(value) && !double.IsInfinity(value),
    };

    public static string Describe(ValueRange range) => range switch
    {
        ValueRange.Positive => "greater than 0",
        ValueRange.AtLeastOne => "at least 1",
        ValueRange.AtLeastTwo => "at least 2",
        ValueRange.NonNegative => "at least 0",
        ValueRange.Probability => "in [0, 1)",
        ValueRange.UnitInterval => "in [0, 1]",
        ValueRange.OpenUnitInterval => "in (0, 1]",
        _ => "finite",
    };

    public static Expr Literal(double value, bool integer) => new LiteralExpr(value, integer ? NumberKind.Int : NumberKind.Float);
}
