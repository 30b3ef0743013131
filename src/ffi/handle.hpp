// A move-only owner for a C handle with a free function: the model for every wrapper in ffi/.
#pragma once

#include <cstdlib>
#include <utility>

namespace zkscan::ffi {

template <typename T, auto Free>
class Handle {
 public:
  Handle() noexcept = default;
  explicit Handle(T* ptr) noexcept : ptr_(ptr) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) reset(std::exchange(other.ptr_, nullptr));
    return *this;
  }
  ~Handle() { reset(); }

  T* get() const noexcept { return ptr_; }
  explicit operator bool() const noexcept { return ptr_ != nullptr; }
  // For C functions that return a new handle through an out parameter.
  T** out() noexcept {
    reset();
    return &ptr_;
  }
  void reset(T* ptr = nullptr) noexcept {
    if (ptr_ != nullptr) Free(ptr_);
    ptr_ = ptr;
  }

 private:
  T* ptr_ = nullptr;
};

// Memory a C library returns from malloc() for the caller to free().
inline void free_malloced(void* p) { std::free(p); }  // NOLINT: the C library used malloc
template <typename T>
using Malloced = Handle<T, free_malloced>;

}  // namespace zkscan::ffi
