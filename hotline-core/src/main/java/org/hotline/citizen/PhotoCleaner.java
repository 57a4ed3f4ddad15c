package org.hotline.citizen;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.hotline.http.ProblemException;

/**
 * A citizen's photo made safe to keep and show: only JPEG and PNG (by their bytes, not by what the upload claims),
 * at most {@value #MAX_BYTES} bytes and {@value #MAX_PIXELS} pixels (so a small file cannot unpack into gigabytes),
 * turned upright by its EXIF orientation, scaled to at most {@value #MAX_SIDE} pixels a side, and encoded anew — so
 * nothing of the original file survives but its pixels: no GPS position, no camera serial, no embedded thumbnail or
 * comment, no trailing payload.
 */
public final class PhotoCleaner {

    public static final int MAX_BYTES = 5 * 1024 * 1024;
    public static final long MAX_PIXELS = 50_000_000L;
    public static final int MAX_SIDE = 2560;

    /** The photo as kept. */
    public record Cleaned(String contentType, byte[] data, int width, int height) {
    }

    private PhotoCleaner() {
    }

    public static Cleaned clean(byte[] data) {
        if (data == null || data.length == 0) {
            throw ProblemException.field("body", "empty: send the photo's bytes");
        }
        if (data.length > MAX_BYTES) {
            throw ProblemException.field("body", "at most " + MAX_BYTES / (1024 * 1024) + " MB");
        }
        String type = sniff(data);
        if (type == null) {
            throw ProblemException.field("body", "a JPEG or PNG photo (the bytes are neither)");
        }
        BufferedImage image = read(data, type);
        if (type.equals("image/jpeg")) {
            image = upright(image, orientation(data));
        }
        image = fit(image, type.equals("image/png"));
        return new Cleaned(type, write(image, type), image.getWidth(), image.getHeight());
    }

    /** JPEG or PNG by magic number; null for anything else. */
    static String sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return "image/jpeg";
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0D
                && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
            return "image/png";
        }
        return null;
    }

    /** Decodes, refusing oversized images before their pixels are allocated and subsampling very large ones. */
    private static BufferedImage read(byte[] data, String type) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(type);
            if (!readers.hasNext()) {
                throw ProblemException.field("body", "cannot read " + type + " here");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || (long) w * h > MAX_PIXELS) {
                    throw ProblemException.field("body", "at most " + MAX_PIXELS / 1_000_000 + " million pixels");
                }
                ImageReadParam param = reader.getDefaultReadParam();
                // Keep at least twice the final size, then scale smoothly: sharp, and cheap on memory.
                int step = Math.max(1, Math.max(w, h) / (2 * MAX_SIDE));
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                BufferedImage image = reader.read(0, param);
                if (image == null) {
                    throw ProblemException.field("body", "the photo could not be read");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw ProblemException.field("body", "the photo could not be read (damaged, or an unusual kind of "
                    + (type.equals("image/png") ? "PNG" : "JPEG such as CMYK") + "); please send an ordinary photo");
        }
    }

    /**
     * The EXIF orientation (1–8) of a JPEG, from its APP1 segment; 1 (as stored) when there is none. Phones store
     * the sensor's pixels and say in this tag how to turn them; a re-encoded file has no tag, so the turn is applied.
     */
    static int orientation(byte[] b) {
        int i = 2;
        while (i + 4 <= b.length && (b[i] & 0xff) == 0xFF) {
            int marker = b[i + 1] & 0xff;
            if (marker == 0xDA || marker == 0xD9) {
                break; // start of the image data: no more metadata segments
            }
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            int start = i + 4;
            if (marker == 0xE1 && length >= 16 && start + 6 <= b.length && b[start] == 'E' && b[start + 1] == 'x'
                    && b[start + 2] == 'i' && b[start + 3] == 'f' && b[start + 4] == 0 && b[start + 5] == 0) {
                int value = tiffOrientation(b, start + 6, Math.min(b.length, i + 2 + length));
                return value >= 1 && value <= 8 ? value : 1;
            }
            i += 2 + length;
        }
        return 1;
    }

    /** Tag 0x0112 of IFD0 in the TIFF structure at {@code [tiff, end)}; 1 when absent or malformed. */
    private static int tiffOrientation(byte[] b, int tiff, int end) {
        if (tiff + 8 > end) {
            return 1;
        }
        boolean little = b[tiff] == 'I' && b[tiff + 1] == 'I';
        if (!little && !(b[tiff] == 'M' && b[tiff + 1] == 'M')) {
            return 1;
        }
        long ifd = u32(b, tiff + 4, little);
        if (ifd < 8 || tiff + ifd + 2 > end) {
            return 1;
        }
        int at = (int) (tiff + ifd);
        int entries = u16(b, at, little);
        for (int e = 0; e < entries; e++) {
            int entry = at + 2 + e * 12;
            if (entry + 12 > end) {
                return 1;
            }
            if (u16(b, entry, little) == 0x0112) {
                return u16(b, entry + 8, little);
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int i, boolean little) {
        return little ? (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) : ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static long u32(byte[] b, int i, boolean little) {
        return little ? (u16(b, i, true) | ((long) u16(b, i + 2, true) << 16))
                : (((long) u16(b, i, false) << 16) | u16(b, i + 2, false));
    }

    /** The image as the EXIF orientation says it is to be seen. */
    static BufferedImage upright(BufferedImage src, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = orientation >= 5;
        // Where a stored pixel (x, y) is seen: x' = m00·x + m01·y + m02, y' = m10·x + m11·y + m12 (the
        // constructor takes m00, m10, m01, m11, m02, m12).
        AffineTransform t = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);   // mirrored left-right
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);  // upside down
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);   // mirrored top-bottom
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);    // transposed
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);   // turned a quarter clockwise
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);  // transversed
            default -> new AffineTransform(0, -1, 1, 0, 0, w);  // turned a quarter anticlockwise
        };
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(src, t, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Scaled to at most {@link #MAX_SIDE} a side, in a plain RGB (or ARGB for a PNG with transparency) raster. */
    private static BufferedImage fit(BufferedImage src, boolean png) {
        int w = src.getWidth();
        int h = src.getHeight();
        double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        boolean alpha = png && src.getColorModel().hasAlpha();
        BufferedImage out = new BufferedImage(tw, th, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            if (!alpha) {
                // Transparent areas of a PNG become white, not black.
                g.setColor(java.awt.Color.WHITE);
                g.fillRect(0, 0, tw, th);
            }
            g.drawImage(src, 0, 0, tw, th, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] write(BufferedImage image, String type) {
        ImageWriter writer = ImageIO.getImageWritersByMIMEType(type).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * 1024);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (type.equals("image/jpeg")) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.85f);
            }
            // No metadata passed on: the file holds the pixels and nothing else.
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException("Encoding a photo failed: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
