using System.Collections.Generic;

namespace VaeDsl.Dsl.Binding;

internal static class WordList
{
    /// <summary>"a", "a or b", "a, b or c".</summary>
    public static string Or(IEnumerable<string> names)
    {
        var list = new List<string>(names);
        return list.Count == 1 ? list[0] : string.Join(", ", list.GetRange(0, list.Count - 1)) + " or " + list[list.Count - 1];
    }
}
