using System.Linq;

namespace VaeDsl.PyTorchExport;

/// <summary>The twin of a model with a quantised latent (VQ-VAE), as Generator's ModelEmitter.Quantized writes it: the
/// encoder's output is quantised at each position and decoded as it is; there is no posterior density, so no KL, log
/// p(x) estimate or posterior means, and sampling goes through the prior over codes fitted after training.</summary>
internal sealed partial class ModelExport
{
    private const string QuantizationLocal = "quantization";

    private string CodeShape => "(" + string.Join(", ", model.Encoder.OutputShape.Dims) + (model.Encoder.OutputShape.Rank == 1 ? ",)" : ")");

    private void EmitQuantizedEncodeDecode(QuantizedLatentExport q)
    {
        w.Open("def encode(self, x, condition=None):");
        w.Line($"\"\"\"The encoder's output quantised at each position (in training mode, also counting the codes used{(q.UsesMovingAverages ? " and updating the codebook's moving averages" : "")}).\"\"\"");
        w.Line($"return {q.Field}.quantize(self.encoder(x))");
        w.Close();
        w.Line();
        w.Open($"def decode(self, {q.Name}, condition=None):");
        w.Line($"\"\"\"{PythonText.Doc(likelihood.OutputDoc)} Reads code vectors [B, {string.Join(", ", model.Encoder.OutputShape.Dims)}], or any vectors of their shape.\"\"\"");
        w.Line($"return self.decoder({q.Name})");
        w.Close();
        w.Line();
        w.Open("def forward(self, x, condition=None, progress=None):");
        w.Line($"\"\"\"Encodes, quantises and decodes: (quantisation, quantised {PythonText.Doc(q.Name)}, {likelihood.OutputLocal}).\"\"\"");
        w.Line($"{QuantizationLocal} = self.encode(x)");
        w.Line($"{q.Name} = {QuantizationLocal}.quantized");
        w.Line($"{likelihood.OutputLocal} = self.decode({q.Name})");
        w.Line($"return {QuantizationLocal}, {q.Name}, {likelihood.OutputLocal}");
        w.Close();
        w.Line();
    }

    private void EmitQuantizedReconstructAndSample(QuantizedLatentExport q)
    {
        w.Open("def reconstruct(self, x, condition=None):");
        w.Line("\"\"\"The likelihood's mean at the quantised encoder output of a batch.\"\"\"");
        w.Line($"return {likelihood.Mean("self.decode(self.encode(x).quantized)")}");
        w.Close();
        w.Line();
        w.Open("def sample(self, count, condition=None):");
        w.Line("\"\"\"The likelihood's mean at `count` code grids drawn from the prior over codes (uniform until fit_after_training fits it).\"\"\"");
        w.Line($"return {likelihood.Mean($"self.decode({q.Field}.lookup({q.PriorField}.sample(count)))")}");
        w.Close();
        w.Line();
        w.Open("def end_training_epoch(self):");
        w.Line($"\"\"\"The codebook's usage and perplexity over the epoch's training batches{(q.Restarts ? " and the codes restarted" : "")}, by name; the training loop reports them.\"\"\"");
        w.Line($"return {q.Field}.end_epoch()");
        w.Close();
        w.Line();
        w.Open("def begin_evaluation(self):");
        w.Line("\"\"\"Starts counting the codes assigned to the evaluation batches that follow (the training loop calls it before evaluating a data set).\"\"\"");
        w.Line($"{q.Field}.begin_evaluation()");
        w.Close();
        w.Line();
        w.Open("def end_evaluation(self):");
        w.Line("\"\"\"The codebook's usage and perplexity over the batches evaluated since begin_evaluation, by name; the training loop reports them for the test set.\"\"\"");
        w.Line($"return {q.Field}.end_evaluation()");
        w.Close();
        w.Line();
        w.Open("def fit_after_training(self, batches):");
        w.Line("\"\"\"Fits the prior over codes to the codes the encoder assigns to the training set, given as batches of inputs.\"\"\"");
        w.Line($"{q.PriorField}.fit(batches, lambda x: self.encode(x).codes)");
        w.Close();
    }

    private bool HasScheduleFields => ScheduleFields().Any();
}
