/**
 * Reading safetensors files, the tensor container PyTorch engines write: the JSON header is checked whole (dtype,
 * shape, offsets inside the file) before any data is read, and rows are then read on demand as float32 (from F32, F16
 * or BF16), so a dump larger than memory streams with bounded memory.
 */
package org.specverify.report.safetensors;
