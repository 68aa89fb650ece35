using System.Collections.Generic;

namespace VaeDsl.Dsl.Syntax;

/// <summary>Every bare name written in a model (and the blocks it may use), whether or not it was bound: after an
/// error, a call that failed to bind never bound its arguments, yet the names in them are used.</summary>
internal static class MentionedNames
{
    public static HashSet<string> In(ModelSyntax model, IEnumerable<BlockSyntax> fileBlocks)
    {
        var names = new HashSet<string>();
        var expressions = new List<ExprSyntax>();
        var layers = new Stack<LayerItemSyntax>();
        foreach (var member in model.Members) AddMember(member, expressions, layers);
        foreach (var block in fileBlocks) AddMember(block, expressions, layers);
        while (layers.Count > 0)
        {
            switch (layers.Pop())
            {
                case LayerCallSyntax call:
                    foreach (var argument in call.Arguments ?? new ArgumentSyntax[0]) expressions.Add(argument.Value);
                    foreach (var item in call.Body ?? new LayerItemSyntax[0]) layers.Push(item);
                    break;
                case CustomLayerSyntax custom:
                    foreach (var argument in custom.Arguments) expressions.Add(argument.Value);
                    expressions.AddRange(custom.Output);
                    break;
                case RepeatSyntax repeat:
                    expressions.Add(repeat.Count);
                    foreach (var item in repeat.Body) layers.Push(item);
                    break;
            }
        }
        foreach (var expression in expressions)
        {
            foreach (var name in SyntaxWalk.NamesIn(expression)) names.Add(name.Name);
        }
        return names;
    }

    private static void AddMember(MemberSyntax member, List<ExprSyntax> expressions, Stack<LayerItemSyntax> layers)
    {
        expressions.AddRange(SyntaxWalk.ExpressionsOf(member));
        switch (member)
        {
            case SectionSyntax section:
                foreach (var item in section.Layers) layers.Push(item);
                break;
            case DistributionSyntax { Link.Layers: { } network }:
                foreach (var item in network) layers.Push(item);
                break;
            case BlockSyntax block:
                foreach (var parameter in block.Parameters)
                {
                    if (parameter.Default is not null) expressions.Add(parameter.Default);
                }
                foreach (var item in block.Body) layers.Push(item);
                break;
        }
    }
}
