package flatbench.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.model.Shape;

class DataSetsTest {
    @TempDir Path dir;

    @Test
    void catalogueListsEveryNameWithADescription() {
        List<String> names = DataSets.entries().stream().map(DataSets.Entry::name).toList();
        assertTrue(names.containsAll(List.of("mnist", "fashion-mnist", "cifar10", "teacher-student", "random-labels", "gaussian-pm1")), names.toString());
        for (DataSets.Entry e : DataSets.entries()) assertFalse(e.description().isBlank(), e.name());
        assertEquals(Path.of("data", "mnist"), DataSets.entry("mnist").defaultFolder().orElseThrow());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        DataException e = assertThrows(DataException.class, () -> new DataSets().load(DataRequest.of("minst")));
        assertEquals("unknown data set 'minst'; known data sets: "
                + String.join(", ", DataSets.entries().stream().map(DataSets.Entry::name).toList()), e.getMessage());
    }

    private void writeMnist(Path folder, int n) throws IOException {
        Files.createDirectories(folder);
        byte[] px = new byte[n * 784];
        new Random(1).nextBytes(px);
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) y[i] = (byte) (i % 10);
        IdxFiles.writeImages(folder.resolve("train-images-idx3-ubyte"), 28, 28, px);
        IdxFiles.writeLabels(folder.resolve("train-labels-idx1-ubyte"), y);
    }

    @Test
    void filesAreReadOnceAndSmallerRequestsReuseThem() throws IOException {
        writeMnist(dir, 20);
        DataSets sets = new DataSets();
        Dataset all = sets.load(DataRequest.of("mnist").withFolder(dir));
        assertEquals(20, all.size());
        assertEquals("mnist", all.name());
        // With the files gone, only the cache can answer.
        Files.delete(dir.resolve("train-images-idx3-ubyte"));
        Dataset five = sets.load(DataRequest.of("mnist").withFolder(dir).withMaxSamples(5));
        assertArrayEquals(all.batch(0, 5).inputs(), five.all().inputs());
        assertSame(all, sets.load(DataRequest.of("mnist").withFolder(dir).withMaxSamples(500)));
        assertThrows(DataException.class, () -> new DataSets().load(DataRequest.of("mnist").withFolder(dir)));
    }

    @Test
    void aPartialLoadIsReadAgainOnlyWhenMoreIsAskedFor() throws IOException {
        writeMnist(dir, 20);
        DataSets sets = new DataSets();
        assertEquals(5, sets.load(DataRequest.of("mnist").withFolder(dir).withMaxSamples(5)).size());
        assertEquals(3, sets.load(DataRequest.of("mnist").withFolder(dir).withMaxSamples(3)).size());
        assertEquals(12, sets.load(DataRequest.of("mnist").withFolder(dir).withMaxSamples(12)).size());
    }

    @Test
    void missingDefaultFolderSaysHowToGetTheData() {
        DataException e = assertThrows(DataException.class,
                () -> new DataSets().load(DataRequest.of("fashion-mnist").withFolder(dir.resolve("none"))));
        assertTrue(e.getMessage().startsWith(dir.resolve("none") + ": folder not found; download the Fashion-MNIST"), e.getMessage());
    }

    @Test
    void syntheticSetsTakeShapeClassesSeedAndCount() {
        DataSets sets = new DataSets();
        Dataset d = sets.load(DataRequest.of("teacher-student").withShape(Shape.vector(12)).withClasses(3).withMaxSamples(40).withSeed(5));
        assertEquals(Shape.vector(12), d.shape());
        assertEquals(3, d.numClasses());
        assertEquals(40, d.size());
        Dataset direct = Synthetic.teacherStudent(Shape.vector(12), 3, 40, Synthetic.Teacher.LINEAR, 5, Part.TRAIN);
        assertArrayEquals(direct.all().inputs(), d.all().inputs());
        assertEquals(direct.checksum(), d.checksum());

        Dataset def = sets.load(DataRequest.of("gaussian-pm1").withMaxSamples(10));
        assertEquals(Synthetic.DEFAULT_SHAPE, def.shape());
        assertEquals(2, def.numClasses());
        Dataset test = sets.load(DataRequest.of("gaussian-pm1").withMaxSamples(10).withPart(Part.TEST));
        assertNotEquals(def.checksum(), test.checksum());
        assertEquals("teacher-student-mlp", sets.load(DataRequest.of("teacher-student-mlp").withMaxSamples(10)).name());
    }

    @Test
    void optionsThatDoNotApplyAreRefused() {
        DataSets sets = new DataSets();
        assertEquals("mnist is read from files, so its shape and class count cannot be chosen",
                assertThrows(DataException.class, () -> sets.load(DataRequest.of("mnist").withClasses(3))).getMessage());
        assertEquals("random-labels is synthetic and reads no folder; leave the folder out",
                assertThrows(DataException.class, () -> sets.load(DataRequest.of("random-labels").withFolder(dir))).getMessage());
        assertEquals("gaussian-pm1 always has 2 classes, not 3",
                assertThrows(DataException.class, () -> sets.load(DataRequest.of("gaussian-pm1").withClasses(3))).getMessage());
    }
}
