using System;
using System.Collections.Generic;
using Sprache;

namespace VaeDsl.Dsl.Syntax;

/// <summary>A Sprache input that can start anywhere in the text, so the parser can resume after an error.</summary>
internal sealed class TextCursor : IInput
{
    private readonly SourceText source;
    private IDictionary<object, object>? memos;

    public TextCursor(SourceText source, int position)
    {
        this.source = source;
        Position = position;
    }

    public string Source => source.Text;

    public char Current => Position < source.Text.Length ? source.Text[Position] : '\0';

    public bool AtEnd => Position >= source.Text.Length;

    public int Position { get; }

    public int Line => source.LineColumn(Position).Line + 1;

    public int Column => source.LineColumn(Position).Column + 1;

    public IDictionary<object, object> Memos => memos ??= new Dictionary<object, object>();

    public TextCursor Seek(int position) => new(source, position);

    public IInput Advance()
    {
        if (AtEnd) throw new InvalidOperationException("The input is already at its end.");
        return new TextCursor(source, Position + 1);
    }

    public bool Equals(IInput? other) => other is not null && ReferenceEquals(other.Source, Source) && other.Position == Position;

    public override bool Equals(object? obj) => obj is IInput other && Equals(other);

    public override int GetHashCode() => Position;
}
