using System;
using System.Linq;
using System.Reflection;
using System.Runtime.ExceptionServices;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Runs;
using VaeDsl.Runtime.Training;

namespace VaeDsl.Cli.Training;

/// <summary>
/// One generated model type and its options record, used as an example program uses them: options from the .vae
/// defaults with <c>--epochs</c> and <c>--seed</c> applied to their training settings, the seed set, the model built,
/// the trainer given those settings. Reflection stands in for the program's typed code only because the type is known at run time.
/// </summary>
internal sealed class GeneratedModel
{
    private readonly Type model;
    private readonly Type options;

    private GeneratedModel(Type model, Type options)
    {
        this.model = model;
        this.options = options;
    }

    /// <summary>The model's name, as written after <c>model</c> in the .vae file.</summary>
    public string Name => model.Name;

    public static GeneratedModel From(Type model)
    {
        // The generated constructor takes the options record (with null meaning the .vae defaults).
        var constructor = model.GetConstructors().Single(c => c.GetParameters().Length == 1);
        return new GeneratedModel(model, constructor.GetParameters()[0].ParameterType);
    }

    /// <summary>The model at the .vae file's values, with <paramref name="epochs"/> and <paramref name="seed"/> over
    /// its training settings when given, seeded with the settings' seed before its weights are drawn.</summary>
    public TrainingRun.Setup Create(int? epochs, long? seed, string outputDirectory)
    {
        var values = Activator.CreateInstance(options)!;
        var settings = Train.GetValue(values) as TrainingOptions
            ?? throw new InvalidOperationException($"the generated {options.Name} has no training settings");
        settings = settings with { Epochs = epochs ?? settings.Epochs, Seed = seed ?? settings.Seed };
        Train.SetValue(values, settings);
        Seeding.Set(settings.Seed);
        var module = (VaeModule)Unwrapped(() => Activator.CreateInstance(model, values)!);
        return new TrainingRun.Setup(module, settings with { OutputDirectory = outputDirectory }) { Name = Name };
    }

    /// <summary>The call's result, or the exception the generated code threw (not reflection's wrapper), so a
    /// model's own error reaches the user as the example program would show it.</summary>
    private static object Unwrapped(Func<object> call)
    {
        try
        {
            return call();
        }
        catch (TargetInvocationException wrapper) when (wrapper.InnerException is { } inner)
        {
            ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
    }

    /// <summary>The options record's <c>Train</c>: the file's <c>train { … }</c> settings.</summary>
    private PropertyInfo Train =>
        options.GetProperty("Train", BindingFlags.Public | BindingFlags.Instance)
        ?? throw new InvalidOperationException($"the generated {options.Name} has no property Train");
}
