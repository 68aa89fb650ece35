using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace VaeDsl.Runtime.Training;

/// <summary>
/// A single terminal line redrawn in place (carriage return) at most ten times a second, erased at the end of each
/// epoch so the caller's own per-epoch line starts on a clean line.
/// </summary>
public sealed class ProgressBar : ProgressReporter
{
    private static readonly long MinimumTicks = Stopwatch.Frequency / 10;
    private readonly TextWriter output;
    private readonly Func<int> terminalWidth;
    private readonly ProgressThrottle throttle = new(MinimumTicks);
    private readonly Stopwatch clock = new();
    private int epoch;
    private int epochs;
    private long steps;
    private int drawnLength;

    /// <summary>Creates a bar on <paramref name="output"/> (standard output when null).</summary>
    /// <param name="output">Where the line is drawn.</param>
    /// <param name="terminalWidth">The width to stay within; the console's window width when null.</param>
    public ProgressBar(TextWriter? output = null, Func<int>? terminalWidth = null)
    {
        this.output = output ?? Console.Out;
        this.terminalWidth = terminalWidth ?? ConsoleWidth;
    }

    /// <inheritdoc />
    public override void EpochStarted(int epoch, int epochs, long steps)
    {
        this.epoch = epoch;
        this.epochs = epochs;
        this.steps = steps;
        throttle.Reset();
        clock.Restart();
    }

    /// <inheritdoc />
    public override bool WantsUpdate(long stepsDone) => throttle.ShouldDraw(Stopwatch.GetTimestamp(), stepsDone, steps);

    /// <inheritdoc />
    public override void Update(long stepsDone, double runningTotal, IReadOnlyDictionary<string, double> runningTerms)
    {
        // One column short of the width: writing into the last column makes some terminals wrap.
        var line = ProgressFormat.Line(epoch, epochs, stepsDone, steps, clock.Elapsed, runningTotal, runningTerms, terminalWidth() - 1);
        Draw(line);
    }

    /// <inheritdoc />
    public override void EpochEnded()
    {
        Draw(string.Empty);
        output.Write('\r');
        output.Flush();
        drawnLength = 0;
    }

    private void Draw(string line)
    {
        // Pad over the previous line's tail, since a shorter line would leave old characters behind.
        var padding = Math.Max(0, drawnLength - line.Length);
        output.Write('\r');
        output.Write(line);
        output.Write(new string(' ', padding));
        output.Flush();
        drawnLength = line.Length;
    }

    private static int ConsoleWidth()
    {
        try
        {
            var width = Console.WindowWidth;
            return width > 10 ? width : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
