package org.hotline.citizen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.hotline.http.ProblemException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What happens to a citizen's photo before it is kept: plain Java, no server. */
class PhotoCleanerTest {

    /** Stands for what a phone writes into a photo: GPS position, camera serial. */
    static final byte[] SECRET = "GPS 30.5928N 114.3055E serial CAM-0042".getBytes(StandardCharsets.US_ASCII);

    /** A w × h picture whose four quadrants are red, green, blue and white (top-left, top-right, …). */
    static BufferedImage image(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean right = x >= w / 2;
                boolean bottom = y >= h / 2;
                img.setRGB(x, y, !bottom ? (right ? 0x00FF00 : 0xFF0000) : (right ? 0xFFFFFF : 0x0000FF));
            }
        }
        return img;
    }

    /** The image as a JPEG carrying an EXIF segment with {@code orientation} and the secret. */
    static byte[] jpegWithExif(BufferedImage img, int orientation) throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", plain);
        byte[] jpeg = plain.toByteArray();
        // TIFF (little-endian): header, IFD0 with one entry (orientation), then the secret as trailing bytes.
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4 + SECRET.length).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        tiff.put(SECRET);
        byte[] t = tiff.array();
        int length = 2 + 6 + t.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.write("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        out.write(t);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static BufferedImage read(byte[] data) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(data));
    }

    /** The colour at a point, to the nearest of the four (JPEG shifts colours a little). */
    static String colour(BufferedImage img, int x, int y) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (r > 180 && g > 180 && b > 180) {
            return "white";
        }
        return r > g && r > b ? "red" : g > b ? "green" : "blue";
    }

    @Test
    @DisplayName("the EXIF segment and whatever rides in it are gone; the pixels stay")
    void metadataStripped() throws IOException {
        byte[] original = jpegWithExif(image(64, 48), 1);
        assertTrue(indexOf(original, SECRET) > 0);
        PhotoCleaner.Cleaned c = PhotoCleaner.clean(original);
        assertEquals("image/jpeg", c.contentType());
        assertEquals(-1, indexOf(c.data(), "Exif".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(-1, indexOf(c.data(), SECRET));
        BufferedImage img = read(c.data());
        assertEquals("red", colour(img, 5, 5));
        assertEquals("white", colour(img, 60, 44));
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    @DisplayName("each EXIF orientation is turned as the camera meant: the corners land where a viewer sees them")
    void orientations(int orientation) throws IOException {
        PhotoCleaner.Cleaned c = PhotoCleaner.clean(jpegWithExif(image(80, 40), orientation));
        BufferedImage img = read(c.data());
        boolean swapped = orientation >= 5;
        assertEquals(swapped ? 40 : 80, img.getWidth());
        assertEquals(swapped ? 80 : 40, img.getHeight());
        int w = img.getWidth() - 4;
        int h = img.getHeight() - 4;
        // Where the stored top-left (red) corner is seen, per the EXIF specification's table.
        String[] expectedTopLeft = {"red", "green", "white", "blue", "red", "blue", "white", "green"};
        assertEquals(expectedTopLeft[orientation - 1], colour(img, 3, 3), "top-left");
        // And the opposite corner is the opposite colour.
        String opposite = switch (expectedTopLeft[orientation - 1]) {
            case "red" -> "white";
            case "white" -> "red";
            case "green" -> "blue";
            default -> "green";
        };
        assertEquals(opposite, colour(img, w, h), "bottom-right");
    }

    @Test
    @DisplayName("PNG stays PNG; large pictures are scaled to 2560 pixels a side")
    void pngAndScale() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image(3000, 1000), "png", png);
        PhotoCleaner.Cleaned c = PhotoCleaner.clean(png.toByteArray());
        assertEquals("image/png", c.contentType());
        assertEquals(2560, c.width());
        assertEquals(853, c.height());
    }

    @Test
    @DisplayName("not a JPEG or PNG by its bytes, damaged, too big, or too many pixels: refused, naming the body")
    void refused() throws IOException {
        ProblemException gif = assertThrows(ProblemException.class, () -> PhotoCleaner.clean(
                "GIF89a....".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("body", gif.problem().errors().getFirst().field());
        byte[] damaged = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3};
        assertThrows(ProblemException.class, () -> PhotoCleaner.clean(damaged));
        assertThrows(ProblemException.class, () -> PhotoCleaner.clean(new byte[PhotoCleaner.MAX_BYTES + 1]));
        // A tiny PNG that claims 20000 × 20000 pixels (400 million): refused before any pixel is allocated.
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image(4, 4), "png", png);
        byte[] bomb = png.toByteArray();
        ByteBuffer.wrap(bomb, 16, 8).putInt(20_000).putInt(20_000);
        ProblemException e = assertThrows(ProblemException.class, () -> PhotoCleaner.clean(bomb));
        assertTrue(e.problem().errors().getFirst().message().contains("million pixels")
                || e.problem().errors().getFirst().message().contains("could not be read"), e.getMessage());
    }
}
