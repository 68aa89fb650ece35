namespace VaeDsl.Runtime.Evaluation;

/// <summary>An importance-sampled estimate of the mean log p(x) over a data set.</summary>
/// <param name="Mean">The mean over the examples of each example's estimate, in nats per example.</param>
/// <param name="StandardError">The Monte Carlo standard error of <paramref name="Mean"/> (from the spread of groups of
/// samples; NaN with a single sample): two runs with different seeds differ by about √2 times it.</param>
/// <param name="Examples">How many examples were averaged.</param>
/// <param name="Samples">Importance samples per example, K.</param>
public sealed record LogLikelihoodEstimate(double Mean, double StandardError, long Examples, int Samples);
