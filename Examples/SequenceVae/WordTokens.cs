using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using static TorchSharp.torch;

namespace SequenceVaeExample;

/// <summary>Words as the model's tokens: 0 ends a word (and pads it to <see cref="Length"/>), 1 is the unknown
/// letter (word dropout's token), and the letters a–z are 2–27.</summary>
internal static class WordTokens
{
    public const int Length = 12;
    public const int End = 0;
    public const int Unknown = 1;

    /// <summary>The words of a file, one a line, as tokens [N, 12] (floats, as data sets hold them).</summary>
    /// <exception cref="InvalidDataException">A line is not 1 to 11 letters a–z; the message names the file and line.</exception>
    public static Tensor Read(string path)
    {
        var rows = new List<float>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var word = line.Trim();
            if (word.Length is 0 or >= Length || word.Any(c => c is < 'a' or > 'z'))
            {
                throw new InvalidDataException($"{path}:{number}: '{word}' is not a word of 1 to {Length - 1} letters a–z");
            }
            rows.AddRange(Encode(word));
        }
        return tensor(rows.ToArray(), new long[] { number, Length });
    }

    public static IEnumerable<float> Encode(string word) =>
        Enumerable.Range(0, Length).Select(i => i < word.Length ? (float)(word[i] - 'a' + 2) : End);

    /// <summary>The letters before the first end token; the unknown token shows as '?'.</summary>
    public static string Decode(ReadOnlySpan<float> tokens)
    {
        var text = new StringBuilder();
        foreach (var token in tokens)
        {
            var index = (int)MathF.Round(token);
            if (index == End) break;
            text.Append(index == Unknown ? '?' : (char)('a' + index - 2));
        }
        return text.ToString();
    }

    /// <summary>Each row of [N, 12] tokens as a word.</summary>
    public static string[] DecodeAll(Tensor tokens)
    {
        var values = tokens.cpu().to_type(ScalarType.Float32).data<float>().ToArray();
        return Enumerable.Range(0, (int)tokens.shape[0]).Select(i => Decode(values.AsSpan(i * Length, Length))).ToArray();
    }
}
