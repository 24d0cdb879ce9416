# desc: --sort is accepted any number of times and with any command (list, add, clear, save, zero, set)
ipvsadm -L --sort --sort -n
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 --sort --sort
echo "rc=$?"
ipvsadm -S --sort -n
echo "rc=$?"
ipvsadm -Z --sort
echo "rc=$?"
ipvsadm --set 0 0 0 --sort
echo "rc=$?"
ipvsadm -C --sort
echo "rc=$?"
