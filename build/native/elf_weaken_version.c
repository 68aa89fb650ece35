/* Marks one symbol-version requirement of an ELF64 shared library as weak (VER_FLG_WEAK), so the
   dynamic loader accepts the library when that version is missing from the system.
   Usage: elf_weaken_version FILE VERSION   (exit 0: patched or already weak; 3: version not found) */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *file, const char *what) {
    fprintf(stderr, "elf_weaken_version: %s: %s\n", file, what);
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: elf_weaken_version FILE VERSION\n");
        return 2;
    }
    const char *path = argv[1], *version = argv[2];
    FILE *f = fopen(path, "r+b");
    if (!f) return fail(path, "cannot open");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *image = malloc((size_t)size);
    if (!image || fread(image, 1, (size_t)size, f) != (size_t)size) return fail(path, "cannot read");

    Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
    if ((size_t)size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64)
        return fail(path, "not an ELF64 file");
    if (eh->e_shoff + (Elf64_Off)eh->e_shnum * sizeof(Elf64_Shdr) > (Elf64_Off)size)
        return fail(path, "section headers out of range");
    Elf64_Shdr *sections = (Elf64_Shdr *)(image + eh->e_shoff);

    int found = 0;
    for (int i = 0; i < eh->e_shnum; i++) {
        if (sections[i].sh_type != SHT_GNU_verneed) continue;
        Elf64_Shdr *strings = &sections[sections[i].sh_link];
        Elf64_Off need = sections[i].sh_offset;
        for (Elf64_Word n = 0; n < sections[i].sh_info; n++) {
            Elf64_Verneed *vn = (Elf64_Verneed *)(image + need);
            Elf64_Off aux = need + vn->vn_aux;
            for (Elf64_Half a = 0; a < vn->vn_cnt; a++) {
                Elf64_Vernaux *vna = (Elf64_Vernaux *)(image + aux);
                const char *name = (const char *)(image + strings->sh_offset + vna->vna_name);
                if (strcmp(name, version) == 0) {
                    vna->vna_flags |= VER_FLG_WEAK;
                    found = 1;
                }
                if (vna->vna_next == 0) break;
                aux += vna->vna_next;
            }
            if (vn->vn_next == 0) break;
            need += vn->vn_next;
        }
    }
    if (!found) return 3;
    fseek(f, 0, SEEK_SET);
    if (fwrite(image, 1, (size_t)size, f) != (size_t)size) return fail(path, "cannot write");
    fclose(f);
    return 0;
}
