using System;
using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Training;

/// <summary>Creates the libtorch optimiser named by <see cref="TrainingOptions.Optimizer"/>.</summary>
internal static class OptimizerFactory
{
    public static optim.Optimizer Create(IReadOnlyList<Parameter> parameters, TrainingOptions options) => options.Optimizer switch
    {
        OptimizerKind.Adam => optim.Adam(parameters, lr: options.LearningRate, beta1: options.Beta1, beta2: options.Beta2, eps: options.Epsilon, weight_decay: options.WeightDecay),
        OptimizerKind.AdamW => optim.AdamW(parameters, lr: options.LearningRate, beta1: options.Beta1, beta2: options.Beta2, eps: options.Epsilon, weight_decay: options.WeightDecay),
        OptimizerKind.Sgd => optim.SGD(parameters, options.LearningRate, momentum: options.Momentum, weight_decay: options.WeightDecay, nesterov: options.Nesterov),
        OptimizerKind.RmsProp => optim.RMSProp(parameters, lr: options.LearningRate, alpha: options.Alpha, eps: options.Epsilon, momentum: options.Momentum, weight_decay: options.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Optimizer, "unknown optimizer"),
    };
}
