using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VaeDsl.Runtime.Training;

/// <summary>The text of the progress line: bar, step count, elapsed time, estimated time left and running losses.</summary>
public static class ProgressFormat
{
    /// <summary>
    /// The estimated time left when <paramref name="stepsDone"/> of <paramref name="steps"/> steps took
    /// <paramref name="elapsed"/>, assuming the remaining steps take as long on average; null before the first step.
    /// </summary>
    public static TimeSpan? Remaining(TimeSpan elapsed, long stepsDone, long steps)
    {
        if (stepsDone <= 0 || steps <= 0)
        {
            return null;
        }

        var left = Math.Max(0, steps - stepsDone);
        return TimeSpan.FromTicks((long)Math.Round((double)elapsed.Ticks / stepsDone * left));
    }

    /// <summary>A duration as <c>m:ss</c>, or <c>h:mm:ss</c> from one hour on, rounded down to whole seconds; <c>--:--</c> when unknown.</summary>
    public static string Duration(TimeSpan? duration)
    {
        if (duration is not { } value || value < TimeSpan.Zero)
        {
            return "--:--";
        }

        var seconds = (long)Math.Floor(value.TotalSeconds);
        var hours = seconds / 3600;
        var minutes = seconds / 60 % 60;
        var rest = seconds % 60;
        return hours > 0
            ? string.Format(CultureInfo.InvariantCulture, "{0}:{1:00}:{2:00}", hours, minutes, rest)
            : string.Format(CultureInfo.InvariantCulture, "{0}:{1:00}", minutes, rest);
    }

    /// <summary>A bar of <paramref name="width"/> cells, filled in proportion to <paramref name="stepsDone"/> / <paramref name="steps"/>.</summary>
    public static string Bar(long stepsDone, long steps, int width)
    {
        if (width <= 0)
        {
            return string.Empty;
        }

        var fraction = steps <= 0 ? 1.0 : Math.Clamp((double)stepsDone / steps, 0.0, 1.0);
        var filled = (int)Math.Floor(fraction * width);
        return new string('#', filled) + new string('-', width - filled);
    }

    /// <summary>
    /// The whole progress line, for example
    /// <c>epoch  3/20 [#####-----] 31/63 0:02 eta 0:02 loss 154.21 recon 140.10 kl 14.11</c>, cut to
    /// <paramref name="maxWidth"/> characters so it never wraps (a wrapped line cannot be redrawn in place).
    /// </summary>
    public static string Line(
        int epoch, int epochs, long stepsDone, long steps, TimeSpan elapsed,
        double? runningTotal, IReadOnlyDictionary<string, double>? runningTerms, int maxWidth, int barWidth = 20)
    {
        var epochDigits = epochs.ToString(CultureInfo.InvariantCulture).Length;
        var stepDigits = steps.ToString(CultureInfo.InvariantCulture).Length;
        var text = new StringBuilder();
        text.Append("epoch ").Append(epoch.ToString(CultureInfo.InvariantCulture).PadLeft(epochDigits)).Append('/').Append(epochs.ToString(CultureInfo.InvariantCulture));
        text.Append(" [").Append(Bar(stepsDone, steps, barWidth)).Append("] ");
        text.Append(stepsDone.ToString(CultureInfo.InvariantCulture).PadLeft(stepDigits)).Append('/').Append(steps.ToString(CultureInfo.InvariantCulture));
        text.Append(' ').Append(Duration(elapsed)).Append(" eta ").Append(Duration(Remaining(elapsed, stepsDone, steps)));
        if (runningTotal is double total)
        {
            text.Append(" loss ").Append(Number(total));
            if (runningTerms is not null)
            {
                foreach (var term in runningTerms)
                {
                    text.Append(' ').Append(term.Key).Append(' ').Append(Number(term.Value));
                }
            }
        }

        return maxWidth > 0 && text.Length > maxWidth ? text.ToString(0, maxWidth) : text.ToString();
    }

    private static string Number(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
