namespace VaeDsl.Runtime.Training;

/// <summary>
/// Decides when a progress line is redrawn: on an epoch's first and last step, and otherwise only when at least
/// the minimum interval has passed since the last draw, so a fast step loop does not flood the terminal.
/// Time is passed in as timestamps, which keeps the decision a pure function of its inputs.
/// </summary>
public sealed class ProgressThrottle
{
    private readonly long minimumTicks;
    private long lastDraw;
    private bool drawnThisEpoch;

    /// <summary>Creates a throttle that redraws at most once per <paramref name="minimumTicks"/> (in the caller's timestamp unit).</summary>
    public ProgressThrottle(long minimumTicks)
    {
        this.minimumTicks = minimumTicks < 0 ? 0 : minimumTicks;
    }

    /// <summary>Forgets the last draw, so the next step of a new epoch is drawn.</summary>
    public void Reset() => drawnThisEpoch = false;

    /// <summary>True when the line should be redrawn after <paramref name="stepsDone"/> of <paramref name="steps"/> steps at time <paramref name="now"/>; records the draw.</summary>
    public bool ShouldDraw(long now, long stepsDone, long steps)
    {
        var due = !drawnThisEpoch || stepsDone >= steps || now - lastDraw >= minimumTicks;
        if (due)
        {
            drawnThisEpoch = true;
            lastDraw = now;
        }

        return due;
    }
}
