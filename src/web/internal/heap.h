// Internal to web/: giving freed memory back to the system. The server's
// big allocations (place indexes built, export connections closed) are
// freed in bursts, and glibc's allocator keeps freed pages resident until
// it is asked to trim; so does jemalloc, which the memoria binary allocates
// through (docs/ARCHITECTURE.md, "Memory"), in an arena that stops
// allocating.
#ifndef MEMORIA_WEB_INTERNAL_HEAP_H_
#define MEMORIA_WEB_INTERNAL_HEAP_H_

namespace memoria::web::internal {

// Gives the allocator's free pages back to the system (glibc's malloc_trim,
// and jemalloc's purge of every arena when it is the allocator), at most
// once a second whoever asks: a trim walks the heap, and a closing burst of
// exports would ask for it once per connection. "force": now, whenever the
// last trim was (the last export of a burst has ended, an index was built).
void TrimHeap(bool force = false);

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_HEAP_H_
