# desc: --full, --json and --netns are options of ours (1.31: unknown option, 255); what their illegal combinations say; an option's argument stays its argument
# divergence: state-options
for args in "-L --full" "-S --json" "-C --json" "-A -t 10.0.0.1:80 --full" "-S --full --full" "-S --full=1" "--full -S" "--json -L" "-L --netns" "-S --netns"; do
    echo "\$ ipvsadm $args"
    ipvsadm $args; echo "rc=$?"
done
echo "\$ ipvsadm -A -t 10.0.0.1:80 -s --json"
ipvsadm -A -t 10.0.0.1:80 -s --json; echo "rc=$?"
echo "\$ ipvsadm -A -t 10.0.0.1:80 --pe --full -p"
ipvsadm -A -t 10.0.0.1:80 --pe --full -p; echo "rc=$?"
ipvsadm -Sn
