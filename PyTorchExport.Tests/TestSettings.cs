using Xunit;

// The parity and trajectory tests seed libtorch's one global CPU generator and then draw from it on the C# side in
// a fixed order; a test of another class drawing at the same time in this process would change those numbers. So the
// tests run one at a time, as in Runtime.Tests and Examples.Tests.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
