namespace VaeDsl.Dsl.Model;

/// <summary>A range of characters in a .vae file. Lines and columns are zero-based, as in Roslyn's
/// <c>LinePosition</c>; messages shown to people add one.</summary>
public readonly record struct SourceSpan(int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public int End => Start + Length;

    public override string ToString() => $"({StartLine + 1},{StartColumn + 1})";
}
