using System;
using Xunit;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Tests;

/// <summary>How a conditional model turns a batch's condition into features, and what it says about a bad one.</summary>
public sealed class ConditioningTests
{
    [Fact]
    public void Labels_become_one_hot_rows()
    {
        var features = Conditioning.OneHot(tensor(new long[] { 2, 0, 1 }), 3);

        Assert.Equal(new long[] { 3, 3 }, features.shape);
        Assert.Equal(ScalarType.Float32, features.dtype);
        Assert.Equal(new float[] { 0, 0, 1, 1, 0, 0, 0, 1, 0 }, features.data<float>().ToArray());
    }

    [Fact]
    public void Integer_labels_of_any_width_are_accepted()
    {
        var features = Conditioning.OneHot(tensor(new int[] { 1, 0 }), 2);

        Assert.Equal(new float[] { 0, 1, 1, 0 }, features.data<float>().ToArray());
    }

    [Fact]
    public void A_label_outside_the_classes_names_the_range_found()
    {
        var error = Assert.Throws<ArgumentException>(() => Conditioning.OneHot(tensor(new long[] { 3, 0, 10 }), 10));

        Assert.StartsWith("class labels must lie in 0..9, but they range over 0..10", error.Message);
    }

    [Fact]
    public void Float_labels_are_refused_with_their_shape_and_type()
    {
        var error = Assert.Throws<ArgumentException>(() => Conditioning.OneHot(zeros(4), 10));

        Assert.StartsWith("a one-hot condition takes class labels of shape [batch] and an integer type, not [4] Float32", error.Message);
    }

    [Fact]
    public void A_vector_condition_must_have_its_declared_size()
    {
        var error = Assert.Throws<ArgumentException>(() => Conditioning.Vector(zeros(4, 7), 8));

        Assert.StartsWith("a vector condition must have the shape [batch, 8], not [4, 7]", error.Message);
        Assert.Equal(new long[] { 4, 8 }, Conditioning.Vector(zeros(4, 8), 8).shape);
    }

    [Fact]
    public void A_missing_condition_says_which_model_needs_it()
    {
        var error = Assert.Throws<ArgumentNullException>(() => Conditioning.Required(null, "Digits"));

        Assert.Contains("Digits is a conditional model", error.Message);
    }
}
