using System.Globalization;
using System.Text;

namespace VaeDsl.Runtime;

/// <summary>Text taken from a user's file and shown in a message: kept short and printable, so a garbage or binary file
/// cannot flood the terminal or write control characters to it.</summary>
internal static class MessageText
{
    /// <summary>The longest excerpt of file content a message quotes.</summary>
    public const int MaximumExcerpt = 60;

    /// <summary><paramref name="text"/> in single quotes, as <see cref="Printable"/> shows it.</summary>
    public static string Quote(string text, int maximum = MaximumExcerpt) => Shown(text, maximum, quoted: true);

    /// <summary><paramref name="text"/> with control characters and lone surrogates written as <c>\0</c>, <c>\t</c>,
    /// <c>\u001B</c>, cut after <paramref name="maximum"/> characters with "… (N characters)".</summary>
    public static string Printable(string text, int maximum = MaximumExcerpt) => Shown(text, maximum, quoted: false);

    private static string Shown(string text, int maximum, bool quoted)
    {
        var length = System.Math.Min(text.Length, maximum);
        var shown = new StringBuilder(capacity: length + 24);
        if (quoted) shown.Append('\'');
        for (var i = 0; i < length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\0': shown.Append("\\0"); break;
                case '\t': shown.Append("\\t"); break;
                case '\r': shown.Append("\\r"); break;
                case '\n': shown.Append("\\n"); break;
                default:
                    if (char.IsControl(c) || IsLoneSurrogate(text, i, length))
                    {
                        shown.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        shown.Append(c);
                    }

                    break;
            }
        }

        if (quoted) shown.Append('\'');
        if (text.Length > maximum)
        {
            shown.Append(CultureInfo.InvariantCulture, $"… ({text.Length} characters)");
        }

        return shown.ToString();
    }

    private static bool IsLoneSurrogate(string text, int i, int length) =>
        char.IsHighSurrogate(text[i]) ? !(i + 1 < length && char.IsLowSurrogate(text[i + 1]))
        : char.IsLowSurrogate(text[i]) && !(i > 0 && char.IsHighSurrogate(text[i - 1]));
}
