namespace VaeDsl.Dsl.Model;

/// <summary>One layer list item as written (a layer, a block use, <c>repeat</c> or <c>residual</c>) with the
/// shape it received and produced at the file's values, found while the model was checked, also in a model
/// with errors (then a shape after the first failure is null). An item inside a block or a repeated body is
/// listed once per expansion. <c>Parameters</c> counts what the item adds (null when its shapes are unknown, and for a custom layer, whose
/// parameters only its C# knows).</summary>
public sealed record LayerUse(
    string Model,
    string Section,
    string Name,
    SourceSpan Span,
    SourceSpan NameSpan,
    Shape? Input,
    Shape? Output,
    long? Parameters,
    bool InsideBlock);
