using System.Collections.Generic;

namespace VaeDsl.Dsl.Syntax;

/// <summary>Every bare name written in a model (and the blocks it may use), whether or not it was bound: after an
/// error, a call that failed to bind never bound its arguments, yet the names in them are used.</summary>
internal static class MentionedNames
{
    public static HashSet<string> In(ModelSyntax model, IEnumerable<BlockSyntax> fileBlocks)
    {
        var names = new HashSet<string>();
        var expressions = new Stack<ExprSyntax>();
        var layers = new Stack<LayerItemSyntax>();
        foreach (var member in model.Members) AddMember(member, expressions, layers);
        foreach (var block in fileBlocks) AddMember(block, expressions, layers);
        while (layers.Count > 0)
        {
            switch (layers.Pop())
            {
                case LayerCallSyntax call:
                    foreach (var argument in call.Arguments ?? new ArgumentSyntax[0]) expressions.Push(argument.Value);
                    foreach (var item in call.Body ?? new LayerItemSyntax[0]) layers.Push(item);
                    break;
                case RepeatSyntax repeat:
                    expressions.Push(repeat.Count);
                    foreach (var item in repeat.Body) layers.Push(item);
                    break;
            }
        }
        while (expressions.Count > 0)
        {
            switch (expressions.Pop())
            {
                case NameSyntax name:
                    names.Add(name.Name);
                    break;
                case BinarySyntax binary:
                    expressions.Push(binary.Left);
                    expressions.Push(binary.Right);
                    break;
                case NegateSyntax negate:
                    expressions.Push(negate.Operand);
                    break;
                case CallSyntax call:
                    foreach (var argument in call.Arguments) expressions.Push(argument.Value);
                    break;
            }
        }
        return names;
    }

    private static void AddMember(MemberSyntax member, Stack<ExprSyntax> expressions, Stack<LayerItemSyntax> layers)
    {
        switch (member)
        {
            case InputSyntax input:
                foreach (var dimension in input.Dimensions) expressions.Push(dimension);
                break;
            case ConditionSyntax condition:
                expressions.Push(condition.Kind);
                break;
            case HyperSyntax hyper:
                foreach (var definition in hyper.Definitions) expressions.Push(definition.Value);
                break;
            case SectionSyntax section:
                foreach (var item in section.Layers) layers.Push(item);
                break;
            case DistributionSyntax distribution:
                expressions.Push(distribution.Family);
                break;
            case LikelihoodSyntax likelihood:
                expressions.Push(likelihood.Family);
                break;
            case LossSyntax loss:
                expressions.Push(loss.Sum);
                foreach (var schedule in loss.Schedules) expressions.Push(schedule);
                break;
            case TrainSyntax train:
                foreach (var entry in train.Entries) expressions.Push(entry.Value);
                break;
            case BlockSyntax block:
                foreach (var parameter in block.Parameters)
                {
                    if (parameter.Default is not null) expressions.Push(parameter.Default);
                }
                foreach (var item in block.Body) layers.Push(item);
                break;
        }
    }
}
