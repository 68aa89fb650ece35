using Xunit;

// libtorch's random generator and thread settings are shared by the whole process, and the trainer collects
// garbage between epochs: tests that seed, build and train models run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
