namespace VaeDsl.Dsl.Syntax;

/// <summary>A range of character offsets in the source text; turned into a <c>SourceSpan</c> by <see cref="SourceText"/>.</summary>
internal readonly record struct TextRange(int Start, int End)
{
    public static TextRange Cover(TextRange first, TextRange last) => new(first.Start, last.End);
}
