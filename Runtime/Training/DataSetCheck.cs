using System;
using System.Collections.Generic;
using System.Linq;
using VaeDsl.Runtime.Data;

namespace VaeDsl.Runtime.Training;

/// <summary>
/// Checks a data set against the model before training or evaluation starts, so a mismatch is one message that names
/// the data set, the model and the fix, instead of a libtorch error from deep inside the first batch.
/// </summary>
internal static class DataSetCheck
{
    /// <exception cref="DataSetMismatchException">The examples' shape or element type does not fit the model, or a
    /// conditional model gets no labels.</exception>
    public static void Fits(VaeModule model, TensorDataSet data, string role)
    {
        var name = model.GetType().Name;
        var expected = model.InputShape;
        var actual = data.ExampleShape;
        if (!actual.SequenceEqual(expected))
        {
            var hint = Product(actual) == Product(expected)
                ? $"; it has the same number of values, so `data.Reshape({string.Join(", ", expected)})` fits"
                : string.Empty;
            throw new DataSetMismatchException(
                role,
                $"the {role} set's examples have shape [{string.Join(", ", actual)}] but {name} takes [{string.Join(", ", expected)}] (its input in the .vae file){hint}");
        }

        if (!data.Inputs.is_floating_point())
        {
            throw new DataSetMismatchException(
                role,
                $"the {role} set's inputs are {data.Inputs.dtype} but {name} takes floating-point values: convert them with `.to(ScalarType.Float32)` (and scale pixels to 0..1)");
        }

        if (model.UsesCondition && data.Labels is null)
        {
            throw new DataSetMismatchException(role, $"{name} is conditional but the {role} set has no labels: create it with `new TensorDataSet(inputs, labels)`");
        }
    }

    private static long Product(IEnumerable<long> shape) => shape.Aggregate(1L, (a, b) => a * b);
}
