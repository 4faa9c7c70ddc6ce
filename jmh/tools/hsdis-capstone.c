/*
 * A HotSpot disassembler plugin (hsdis) over the capstone library, so that -XX:+PrintAssembly and JMH's perfasm
 * profiler print x86-64 instructions. Built by jmh/perfasm.sh into jmh/target/hsdis/hsdis-amd64.so; a development
 * tool for reading what C2 made of the hot loops, not part of Sluice.
 *
 * HotSpot (JDK 9 and later) calls decode_instructions_virtual with the code to decode; for each instruction the
 * plugin reports an "insn" event with its address, prints it through the printf callback, then reports "/insn" with
 * the address after it. HotSpot interleaves its own annotations (source lines, relocations) between the events.
 */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <capstone/capstone.h>

typedef void* (*hsdis_event_callback_t)(void* stream, const char* event, void* arg);
typedef int (*hsdis_printf_callback_t)(void* stream, const char* format, ...);

void* decode_instructions_virtual(
    uintptr_t start_va, uintptr_t end_va, unsigned char* buffer, uintptr_t length,
    hsdis_event_callback_t event_callback, void* event_stream,
    hsdis_printf_callback_t printf_callback, void* printf_stream,
    const char* options, int newline)
{
    csh handle;
    cs_insn* instructions = NULL;
    (void)end_va;

    if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK)
    {
        return NULL;
    }
    /* AT&T syntax unless asked for Intel (-XX:PrintAssemblyOptions=intel, perfasm's intelSyntax=true), as the
       binutils-based hsdis does */
    cs_option(handle, CS_OPT_SYNTAX,
        NULL != options && NULL != strstr(options, "intel") ? CS_OPT_SYNTAX_INTEL : CS_OPT_SYNTAX_ATT);

    const size_t count = cs_disasm(handle, buffer, length, start_va, 0, &instructions);
    for (size_t i = 0; i < count; i++)
    {
        event_callback(event_stream, "insn", (void*)(uintptr_t)instructions[i].address);
        printf_callback(printf_stream, "%s\t%s", instructions[i].mnemonic, instructions[i].op_str);
        event_callback(event_stream, "/insn",
            (void*)(uintptr_t)(instructions[i].address + instructions[i].size));
        if (newline)
        {
            printf_callback(printf_stream, "\n");
        }
    }
    if (count > 0)
    {
        cs_free(instructions, count);
    }
    cs_close(&handle);
    return NULL;
}
