using System.Collections.Generic;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Dsl.Diagnostics;

/// <summary>Every diagnostic of the front end in one table. IDs are stable: never reuse or renumber one.
/// VAE00xx syntax, VAE01xx names and arguments, VAE02xx shapes, VAE03xx model combinations, VAE9xxx the code
/// generator (which reports through the same table), VAE91xx the PyTorch export.
/// Each entry is documented in docs/diagnostics.md.</summary>
public static class DiagnosticDescriptors
{
    private const Severity E = Severity.Error;

    // ---- syntax --------------------------------------------------------------------------------------------
    public static readonly DiagnosticDescriptor SyntaxError = new("VAE0001", E, "Syntax error", "expected {0} at {1}:{2}, found {3}");
    public static readonly DiagnosticDescriptor NestingTooDeep = new("VAE0002", E, "Nesting too deep", "brackets are nested more than {0} levels deep");
    public static readonly DiagnosticDescriptor UnterminatedComment = new("VAE0003", E, "Unterminated comment", "'/*' comment is never closed with '*/'");
    public static readonly DiagnosticDescriptor NonAsciiIdentifier = new("VAE0004", E, "Non-ASCII identifier", "identifier '{0}' contains '{1}'; names use ASCII letters, digits and '_'");
    public static readonly DiagnosticDescriptor NamespaceNotFirst = new("VAE0005", E, "Misplaced namespace", "'namespace' must come before every model and block, once per file");
    public static readonly DiagnosticDescriptor TooManyDiagnostics = new("VAE0006", E, "Too many diagnostics", "more than {0} problems in this file; the rest are not listed");
    public static readonly DiagnosticDescriptor NotText = new("VAE0007", E, "Not a text file", "the file is not text: {0}; a .vae file is UTF-8 text");
    public static readonly DiagnosticDescriptor FileNotRead = new("VAE0008", E, "File not readable", "the file could not be read: {0}");
    public static readonly DiagnosticDescriptor InternalError = new("VAE0009", E, "Internal error", "the front end failed on this file ({0}); please report it");

    // ---- names and arguments ---------------------------------------------------------------------------------
    public static readonly DiagnosticDescriptor UnknownName = new("VAE0101", E, "Unknown name", "unknown name '{0}'");
    public static readonly DiagnosticDescriptor UnknownLayer = new("VAE0102", E, "Unknown layer", "unknown layer or block '{0}'");
    public static readonly DiagnosticDescriptor UnknownArgument = new("VAE0103", E, "Unknown argument", "{0} has no argument '{1}'; it takes {2}");
    public static readonly DiagnosticDescriptor MissingArgument = new("VAE0104", E, "Missing argument", "{0} needs the argument '{1}'");
    public static readonly DiagnosticDescriptor TooManyArguments = new("VAE0105", E, "Too many arguments", "{0} takes at most {1} positional argument(s), got {2}");
    public static readonly DiagnosticDescriptor DuplicateArgument = new("VAE0106", E, "Argument given twice", "argument '{0}' of {1} is given twice");
    public static readonly DiagnosticDescriptor ArgumentType = new("VAE0107", E, "Wrong argument type", "argument '{0}' of {1} must be {2}, got {3}");
    public static readonly DiagnosticDescriptor ArgumentRange = new("VAE0108", E, "Argument out of range", "argument '{0}' of {1} must be {2}, got {3}");
    public static readonly DiagnosticDescriptor DuplicateName = new("VAE0109", E, "Duplicate name", "{0} '{1}' is declared more than once");
    public static readonly DiagnosticDescriptor UnsafeIdentifier = new("VAE0110", E, "Name not allowed", "'{0}' cannot be used as a {1} name: {2}");
    public static readonly DiagnosticDescriptor MissingSection = new("VAE0111", E, "Missing section", "model {0} has no {1}");
    public static readonly DiagnosticDescriptor DuplicateSection = new("VAE0112", E, "Section given twice", "model {0} has more than one {1}");
    public static readonly DiagnosticDescriptor UnknownFamily = new("VAE0113", E, "Unknown kind", "unknown {0} '{1}'; expected {2}");
    public static readonly DiagnosticDescriptor PriorForUnknownLatent = new("VAE0114", E, "Prior without latent", "prior for '{0}', which is not a latent of this model");
    public static readonly DiagnosticDescriptor RecursiveBlock = new("VAE0115", E, "Recursive block", "block '{0}' uses itself");
    public static readonly DiagnosticDescriptor TooManyLayers = new("VAE0116", E, "Too many layers", "the {0} expands to more than {1} layers");
    public static readonly DiagnosticDescriptor ArithmeticError = new("VAE0117", E, "Invalid arithmetic", "{0}");
    public static readonly DiagnosticDescriptor PositionalAfterNamed = new("VAE0118", E, "Positional after named", "positional argument of {0} after a named one");
    public static readonly DiagnosticDescriptor UnusedHyper = new("VAE0119", Severity.Warning, "Unused hyper-parameter", "hyper-parameter '{0}' is never used");
    public static readonly DiagnosticDescriptor UnexpectedBody = new("VAE0120", E, "Unexpected body", "{0} takes no '{{ … }}' body");
    public static readonly DiagnosticDescriptor MissingBody = new("VAE0121", E, "Missing body", "{0} needs a '{{ … }}' body");
    public static readonly DiagnosticDescriptor ValueNotNumber = new("VAE0122", E, "Not a number", "'{0}' is not a number here");
    public static readonly DiagnosticDescriptor BlockNestingTooDeep = new("VAE0123", E, "Blocks nested too deep", "block '{0}' is used inside more than {1} nested block uses");
    public static readonly DiagnosticDescriptor UnusedBlock = new("VAE0124", Severity.Warning, "Unused block", "block '{0}' is never used, so its layers are not checked");
    public static readonly DiagnosticDescriptor UnknownLinkedLatent = new("VAE0125", E, "Unknown latent in a hierarchy", "'{0}' after {1} is not a latent of this model; it takes {2}");
    public static readonly DiagnosticDescriptor LatentOrder = new("VAE0126", E, "Hierarchy out of order", "latent '{0}' cannot be inferred from '{1}', {2}: declare a hierarchy bottom-up, the latent read from the encoder first");
    public static readonly DiagnosticDescriptor MisplacedGiven = new("VAE0127", E, "Conditional prior misused", "{0}");
    public static readonly DiagnosticDescriptor SettingNeedsEma = new("VAE0128", E, "Moving-average setting without ema", "{0} applies only with ema: true");
    public static readonly DiagnosticDescriptor RestartEveryNeedsRestart = new("VAE0129", E, "restart_every without restart", "restart_every applies only with restart: true");
    public static readonly DiagnosticDescriptor CustomTypeNotFound = new("VAE0135", E, "Custom layer type not found", "custom layer type '{0}' is not found in the project or its references{1}");
    public static readonly DiagnosticDescriptor CustomTypeNotModule = new("VAE0136", E, "Custom layer is not a module", "custom layer type '{0}' {1}; it must be a class deriving from torch.nn.Module<Tensor, Tensor>");
    public static readonly DiagnosticDescriptor CustomConstructorMismatch = new("VAE0137", E, "No matching constructor", "custom layer type '{0}' has {1}");
    public static readonly DiagnosticDescriptor CustomTypeAmbiguous = new("VAE0138", E, "Ambiguous custom layer type", "custom layer type '{0}' names more than one type: {1}; write the full name");

    // ---- shapes ----------------------------------------------------------------------------------------------
    public static readonly DiagnosticDescriptor RankMismatch = new("VAE0201", E, "Wrong input rank", "{0} needs an input of shape {1}, got {2}");
    public static readonly DiagnosticDescriptor NonPositiveSize = new("VAE0202", E, "Non-positive size", "{0} turns {1} into {2}: every size must be positive");
    public static readonly DiagnosticDescriptor ReshapeCount = new("VAE0203", E, "Reshape element count", "reshape to {0} needs {1} elements but its input {2} has {3}");
    public static readonly DiagnosticDescriptor LatentNeedsFlat = new("VAE0204", E, "Encoder output not flat", "the latent heads need a 1-D encoder output, but the encoder produces {0}; end the encoder with flatten");
    public static readonly DiagnosticDescriptor DecoderMismatch = new("VAE0205", E, "Decoder output shape", "decoder produces {0} but the likelihood {1} needs {2}");
    public static readonly DiagnosticDescriptor ResidualShape = new("VAE0206", E, "Residual changes shape", "residual body produces {0} but its input is {1}");
    public static readonly DiagnosticDescriptor GroupsNotDivisible = new("VAE0207", E, "Groups do not divide channels", "{0}: groups = {1} does not divide {2} = {3}");
    public static readonly DiagnosticDescriptor ShapeTooLarge = new("VAE0208", E, "Shape too large", "{0} produces {1}, more than {2} elements");
    public static readonly DiagnosticDescriptor InvalidInputShape = new("VAE0209", E, "Invalid input shape", "{0} must be [D] or [C, H, W] with positive sizes, got {1}");
    public static readonly DiagnosticDescriptor NetworkNotFlat = new("VAE0210", E, "Network output not flat", "{0} must produce a vector [F] for the heads of '{1}', but produces {2}; end it with flatten");
    public static readonly DiagnosticDescriptor QuantizedShape = new("VAE0213", E, "Encoder output does not fit the codes", "the quantised latent '{0}' has codes of dimension {1}, so the encoder must produce [{1}] or [{1}, …positions], but it produces {2}");
    public static readonly DiagnosticDescriptor HeadsNotDivisible = new("VAE0217", E, "Heads do not divide the embedding", "{0}: heads = {1} does not divide the embedding size E = {2} of the input {3}");
    public static readonly DiagnosticDescriptor ShuffleNotDivisible = new("VAE0218", E, "Pixel shuffle channels", "pixel_shuffle({0}) needs channels divisible by {0}² = {1}, got {2} in {3}");
    public static readonly DiagnosticDescriptor CustomInputNotNames = new("VAE0222", E, "Custom input shape not names", "the input shape of custom layer {0} names its sizes, as in [c, h, w]; {1}");

    // ---- model combinations ------------------------------------------------------------------------------------
    public static readonly DiagnosticDescriptor PriorMismatch = new("VAE0301", E, "Prior does not fit latent", "prior {0} does not fit the {1} latent '{2}'; use {3}");
    public static readonly DiagnosticDescriptor NoAnalyticKl = new("VAE0302", E, "No analytic KL", "the KL of latent '{0}' ({1} posterior, {2} prior) has no closed form; use method: monte_carlo or auto");
    public static readonly DiagnosticDescriptor TermNeedsNormal = new("VAE0303", E, "Term needs Normal latents", "{0} needs Normal latents, but '{1}' is {2}");
    public static readonly DiagnosticDescriptor IwaeCombined = new("VAE0304", E, "IWAE combined", "iwae is a complete bound and cannot be added to {0}");
    public static readonly DiagnosticDescriptor NoReconstruction = new("VAE0305", E, "No reconstruction term", "the loss needs a reconstruction term: recon or iwae");
    public static readonly DiagnosticDescriptor ScheduleTermMissing = new("VAE0306", E, "Schedule of a missing term", "{0} applies to '{1}', which is not a term of this loss");
    public static readonly DiagnosticDescriptor ScheduleOnlyForKl = new("VAE0307", E, "Schedule only for KL", "{0} applies only to kl, not to '{1}'");
    public static readonly DiagnosticDescriptor ConflictingSchedules = new("VAE0308", E, "Conflicting schedules", "'{0}' cannot have both {1} and {2}");
    public static readonly DiagnosticDescriptor BadLossPart = new("VAE0309", E, "Malformed loss", "each part of the loss must be one term times numeric weights, but '{0}' {1}");
    public static readonly DiagnosticDescriptor DuplicateTerm = new("VAE0310", E, "Loss term repeated", "loss term '{0}' appears more than once");
    public static readonly DiagnosticDescriptor PatienceWithoutValidation = new("VAE0311", E, "Early stopping without validation", "patience = {0} needs a validation fraction, e.g. validation: 0.1");
    public static readonly DiagnosticDescriptor PerNeedsLearned = new("VAE0312", E, "per without learned variance", "per: element applies only to variance: learned");
    public static readonly DiagnosticDescriptor VampPriorWithCondition = new("VAE0313", E, "VampPrior with a condition", "VampPrior of '{0}' cannot be used with condition '{1}': its pseudo-inputs carry no condition");
    public static readonly DiagnosticDescriptor HierarchyNotMirrored = new("VAE0314", E, "Hierarchy not mirrored", "{0}");
    public static readonly DiagnosticDescriptor HierarchyNeedsNormal = new("VAE0315", E, "Hierarchy needs Normal latents", "a hierarchy of latents needs Normal latents, but '{0}' is {1}");
    public static readonly DiagnosticDescriptor NotInHierarchy = new("VAE0316", E, "Not available in a hierarchy", "{0} is not available in a model with a hierarchy of latents{1}");
    public static readonly DiagnosticDescriptor InferenceWithoutHierarchy = new("VAE0317", E, "Inference without a hierarchy", "inference {0} applies to a hierarchy of latents (latent … from …), which model {1} does not have");
    public static readonly DiagnosticDescriptor TermNotForQuantized = new("VAE0319", E, "Term does not apply to a quantised latent", "{0} does not apply to the quantised latent '{1}': a VectorQuantized latent has no posterior density to take it from; its term is vq");
    public static readonly DiagnosticDescriptor VqWithoutQuantized = new("VAE0320", E, "vq without a quantised latent", "vq needs a VectorQuantized latent, but '{0}' is {1}");
    public static readonly DiagnosticDescriptor QuantizedWithoutVq = new("VAE0321", E, "Quantised latent without vq", "the quantised latent '{0}' needs the term vq in the loss (its codebook and commitment losses)");
    public static readonly DiagnosticDescriptor QuantizedNotAlone = new("VAE0322", E, "Quantised latent not alone", "the quantised latent '{0}' must be the model's only latent and the model must have no condition, but it also has {1}");
    public static readonly DiagnosticDescriptor FlowNeedsNormal = new("VAE0323", E, "Flow on a latent that is not Normal", "flow {0} transforms {1} latents, but '{2}' is {3}");
    public static readonly DiagnosticDescriptor FlowKlNotAnalytic = new("VAE0324", E, "Analytic KL with a flow", "the KL of latent '{0}' has no closed form: its posterior goes through flow {1}; use method: monte_carlo or auto");
    public static readonly DiagnosticDescriptor TermWithFlow = new("VAE0325", E, "Term needs the posterior density", "{0} needs q(z|x) at codes of other examples, which the flow {1} of '{2}' cannot evaluate; drop the term or the flow");
    public static readonly DiagnosticDescriptor TeacherForcingPlace = new("VAE0327", E, "teacher_forcing not first in the decoder", "teacher_forcing must be the first layer of the decoder (not in the encoder, a block, repeat or residual): it reads the input tokens beside the latents");
    public static readonly DiagnosticDescriptor TeacherForcingNeedsTokens = new("VAE0328", E, "teacher_forcing without tokens", "teacher_forcing reads the input as tokens: it needs an input [L] and likelihood TokenCategorical, got input {0} and likelihood {1}");
    public static readonly DiagnosticDescriptor SeesLaterTokens = new("VAE0329", E, "Layer sees later tokens", "{0} after teacher_forcing lets a position see the tokens after it, which decoding token by token cannot give; {1}");
    public static readonly DiagnosticDescriptor TeacherForcingAfterQuantized = new("VAE0330", E, "teacher_forcing after a quantised latent", "teacher_forcing cannot follow the quantised latent '{0}': the decoder reads its codes as the encoder laid them out, without the input tokens; drop teacher_forcing, or make the latent Normal to decode token by token");

    // ---- code generator ------------------------------------------------------------------------------------------
    public static readonly DiagnosticDescriptor UnsupportedConstruct = new("VAE9001", E, "Construct not supported by the code generator", "{0}");
    public static readonly DiagnosticDescriptor GeneratorInternalError = new("VAE9999", E, "Internal error in the generator", "{0}");

    // ---- PyTorch export --------------------------------------------------------------------------------------------
    public static readonly DiagnosticDescriptor UnsupportedExport = new("VAE9101", E, "Construct not supported by the PyTorch export", "{0}");
    public static readonly DiagnosticDescriptor ExportNotWritten = new("VAE9102", E, "PyTorch export not written", "the PyTorch export could not write to '{0}': {1}");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        SyntaxError, NestingTooDeep, UnterminatedComment, NonAsciiIdentifier, NamespaceNotFirst, TooManyDiagnostics, NotText, FileNotRead, InternalError,
        UnknownName, UnknownLayer, UnknownArgument, MissingArgument, TooManyArguments, DuplicateArgument, ArgumentType,
        ArgumentRange, DuplicateName, UnsafeIdentifier, MissingSection, DuplicateSection, UnknownFamily, PriorForUnknownLatent,
        RecursiveBlock, TooManyLayers, ArithmeticError, PositionalAfterNamed, UnusedHyper, UnexpectedBody, MissingBody, ValueNotNumber, BlockNestingTooDeep, UnusedBlock,
        UnknownLinkedLatent, LatentOrder, MisplacedGiven,
        SettingNeedsEma, RestartEveryNeedsRestart,
        CustomTypeNotFound, CustomTypeNotModule, CustomConstructorMismatch, CustomTypeAmbiguous,
        RankMismatch, NonPositiveSize, ReshapeCount, LatentNeedsFlat, DecoderMismatch, ResidualShape, GroupsNotDivisible,
        ShapeTooLarge, InvalidInputShape, NetworkNotFlat, CustomInputNotNames, HeadsNotDivisible, ShuffleNotDivisible,
        QuantizedShape,
        PriorMismatch, NoAnalyticKl, TermNeedsNormal, IwaeCombined, NoReconstruction, ScheduleTermMissing, ScheduleOnlyForKl,
        ConflictingSchedules, BadLossPart, DuplicateTerm, PatienceWithoutValidation, PerNeedsLearned, VampPriorWithCondition,
        HierarchyNotMirrored, HierarchyNeedsNormal, NotInHierarchy, InferenceWithoutHierarchy,
        TermNotForQuantized, VqWithoutQuantized, QuantizedWithoutVq, QuantizedNotAlone,
        FlowNeedsNormal, FlowKlNotAnalytic, TermWithFlow,
        TeacherForcingPlace, TeacherForcingNeedsTokens, SeesLaterTokens, TeacherForcingAfterQuantized,
        UnsupportedConstruct, GeneratorInternalError, UnsupportedExport, ExportNotWritten,
    };
}
