namespace VaeDsl.Runtime.Training;

/// <summary>The optimisers the trainer can use.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma and Ba, 2015); weight decay is added to the gradient (L2).</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay (Loshchilov and Hutter, 2019).</summary>
    AdamW,

    /// <summary>Stochastic gradient descent with optional momentum.</summary>
    Sgd,

    /// <summary>RMSprop with optional momentum.</summary>
    RmsProp,
}
