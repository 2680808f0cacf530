// The modules, declared without versions, resolved through the imported BOM and worked.
def lines = new File(basedir, 'build.log').readLines()
assert lines.contains('bom store/get: memory MemoryStorageManager ok')
assert lines.contains('bom store/get: mmap MmapStorageManager ok')
return true
